# SPDX-License-Identifier: MIT
# compare_transcripts TEST A B WHAT: the two transcript files A and B (in the current directory)
# exist, are not empty and are equal; says so as TEST, or names WHAT differed and shows the
# first differences. Returns 0 when equal, 1 otherwise. Sourced by the shell tests.
compare_transcripts() {
    if [ ! -s "$2" ] || [ ! -s "$3" ]; then
        echo "$1: FAIL: a transcript is missing or empty"
        return 1
    fi
    if ! cmp -s "$2" "$3"; then
        echo "$1: FAIL: $4 transcripts differ ($PWD/$2, $3):"
        diff -u "$2" "$3" | head -n 40
        return 1
    fi
    echo "$1: $4 transcripts identical ($(wc -l <"$3") lines)"
    return 0
}

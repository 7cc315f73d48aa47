/* SPDX-License-Identifier: MIT */
/*
 * json.h - a small, strict JSON parser (RFC 8259) for ra-report.
 *
 * Strict means: one value per document, nothing but white space after it; no comments, no
 * trailing commas, no single quotes, no NaN or Infinity, no leading zeros, no control
 * characters or invalid UTF-8 in strings, no lone surrogates, no "\u0000", no duplicate keys
 * in an object, at most JSON_MAX_DEPTH nested arrays and objects. Every value remembers the
 * line and column where it starts, so that later checks of its content can name it too.
 *
 * The library keeps no global state, never prints and never exits.
 */
#ifndef RA_JSON_H
#define RA_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define JSON_MAX_DEPTH 64

enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY,
		 JSON_OBJECT };

/**
 * struct json - one value
 * @type: which kind of value.
 * @line, @col: where it starts in the text (1-based; the column counts bytes).
 * @num: a number's value as a double.
 * @is_u64: the number is written as a non-negative integer (no fraction, no exponent) that fits
 *	in 64 bits; @u64 is then its exact value.
 * @str: a string's value, UTF-8, NUL-terminated (it holds no NUL).
 * @n: number of elements (array) or members (object).
 * @kids: the elements, or the members' values.
 * @keys: the members' keys (object only), in document order.
 */
struct json {
	enum json_type type;
	unsigned line, col;
	double num;
	bool is_u64;
	uint64_t u64;
	char *str;
	size_t n;
	struct json *kids;
	char **keys;
};

/**
 * json_parse() - parse @len bytes at @text.
 * On success returns the root value (free with json_free()). On failure returns NULL and
 * writes into @err a message "LINE:COL: what was found, what was expected".
 */
struct json *json_parse(const char *text, size_t len, char *err, size_t errlen);
void json_free(struct json *v);

/* The member @key of object @obj, or NULL (also when @obj is not an object). */
const struct json *json_get(const struct json *obj, const char *key);
/* "an object", "a string", ... for messages. */
const char *json_type_name(enum json_type t);

#endif

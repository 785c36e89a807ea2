/* fuzz-json-schema.c — libFuzzer target for the JSON Schema compiler and validator
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * The input is a schema and an instance, both JSON, separated by the first NUL byte
 * (without one, the input is validated against itself). Each is parsed with json-glib;
 * the schema is compiled, the instance validated in every mode, and the modes must agree.
 * The schema is also validated against the bundled draft-07 meta-schema.
 *
 * Built and run by run-fuzzers.sh, which reads the next two lines.
 * FUZZ_SOURCES: genkit-error.c genkit-schema-violation.c genkit-json-schema.c
 * FUZZ_PKGS: json-glib-1.0 gio-2.0
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "genkit-error.h"
#include "genkit-json-schema.h"

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static GenkitJsonSchema *meta_schema;

/* A broken invariant is a bug even when nothing crashes: make the fuzzer see it. */
#define CHECK(cond) G_STMT_START {                       \
    if (!(cond))                                         \
      {                                                  \
        g_printerr ("CHECK failed: %s\n", #cond);         \
        abort ();                                        \
      }                                                  \
  } G_STMT_END

/* A critical or a warning means an API was misused on the way: a crash. abort() rather
 * than GLib's fatal-criticals breakpoint, because libFuzzer saves the input on SIGABRT but
 * not on SIGTRAP. */
static void
fuzz_log_handler (const char     *log_domain,
                  GLogLevelFlags  log_level,
                  const char     *message,
                  gpointer        user_data)
{
  if (log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_printerr ("%s: %s\n", log_domain != NULL ? log_domain : "(null)", message);
      abort ();
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(JsonNode) meta = NULL;

  g_log_set_default_handler (fuzz_log_handler, NULL);

  meta = json_from_string ("{\"$ref\": \"http://json-schema.org/draft-07/schema#\"}", NULL);
  meta_schema = genkit_json_schema_new (meta, NULL);
  CHECK (meta_schema != NULL);
  return 0;
}

/* json-glib 1.6 leaks memory on some malformed input (a value followed by another one,
 * "1 2"; a bad escape in a string, "\x"). Those are json-glib's bugs, not ours, and they
 * would drown every leak of ours, so only strictly valid JSON (RFC 8259) is handed to
 * json-glib: invalid text never reaches the validator anyway. Iterative, like the code
 * under test, so that deep nesting cannot overflow the stack here. */
static gboolean
skip_string (const uint8_t *p,
             size_t         n,
             size_t        *i)
{
  if (*i >= n || p[*i] != '"')
    return FALSE;
  for ((*i)++; *i < n; (*i)++)
    {
      uint8_t c = p[*i];

      if (c == '"')
        {
          (*i)++;
          return TRUE;
        }
      if (c < 0x20)
        return FALSE;
      if (c != '\\')
        continue;

      if (++(*i) >= n)
        return FALSE;
      c = p[*i];
      if (c == 'u')
        {
          guint code = 0;

          if (*i + 4 >= n)
            return FALSE;
          for (guint k = 1; k <= 4; k++)
            {
              if (!g_ascii_isxdigit (p[*i + k]))
                return FALSE;
              code = code * 16 + (guint) g_ascii_xdigit_value (p[*i + k]);
            }
          *i += 4;
          /* json-glib rejects unpaired surrogates. */
          if (code >= 0xdc00 && code <= 0xdfff)
            return FALSE;
          if (code >= 0xd800 && code <= 0xdbff)
            {
              guint low = 0;

              if (*i + 6 >= n || p[*i + 1] != '\\' || p[*i + 2] != 'u')
                return FALSE;
              for (guint k = 3; k <= 6; k++)
                {
                  if (!g_ascii_isxdigit (p[*i + k]))
                    return FALSE;
                  low = low * 16 + (guint) g_ascii_xdigit_value (p[*i + k]);
                }
              if (low < 0xdc00 || low > 0xdfff)
                return FALSE;
              *i += 6;
            }
        }
      else if (strchr ("\"\\/bfnrt", c) == NULL || c == '\0')
        return FALSE;
    }
  return FALSE;
}

static gboolean
skip_number (const uint8_t *p,
             size_t         n,
             size_t        *i)
{
  if (*i < n && p[*i] == '-')
    (*i)++;
  if (*i >= n || !g_ascii_isdigit (p[*i]))
    return FALSE;
  if (p[*i] == '0')
    (*i)++;
  else
    while (*i < n && g_ascii_isdigit (p[*i]))
      (*i)++;
  if (*i < n && p[*i] == '.')
    {
      (*i)++;
      if (*i >= n || !g_ascii_isdigit (p[*i]))
        return FALSE;
      while (*i < n && g_ascii_isdigit (p[*i]))
        (*i)++;
    }
  if (*i < n && (p[*i] == 'e' || p[*i] == 'E'))
    {
      (*i)++;
      if (*i < n && (p[*i] == '+' || p[*i] == '-'))
        (*i)++;
      if (*i >= n || !g_ascii_isdigit (p[*i]))
        return FALSE;
      while (*i < n && g_ascii_isdigit (p[*i]))
        (*i)++;
    }
  return TRUE;
}

static void
skip_space (const uint8_t *p,
            size_t         n,
            size_t        *i)
{
  while (*i < n && (p[*i] == ' ' || p[*i] == '\t' || p[*i] == '\n' || p[*i] == '\r'))
    (*i)++;
}

static gboolean
is_strict_json (const uint8_t *p,
                size_t         n)
{
  g_autoptr(GByteArray) stack = g_byte_array_new ();   /* '{' or '[' per open container */
  size_t i = 0;

  if (!g_utf8_validate ((const char *) p, (gssize) n, NULL))
    return FALSE;

  skip_space (p, n, &i);
  for (;;)
    {
      /* a value */
      if (i >= n)
        return FALSE;
      if (p[i] == '{' || p[i] == '[')
        {
          uint8_t open = p[i++];

          g_byte_array_append (stack, &open, 1);
          skip_space (p, n, &i);
          if (i < n && p[i] == (open == '{' ? '}' : ']'))
            {
              i++;
              g_byte_array_set_size (stack, stack->len - 1);
            }
          else
            {
              if (open == '{')
                {
                  if (!skip_string (p, n, &i))
                    return FALSE;
                  skip_space (p, n, &i);
                  if (i >= n || p[i++] != ':')
                    return FALSE;
                  skip_space (p, n, &i);
                }
              continue;
            }
        }
      else if (p[i] == '"')
        {
          if (!skip_string (p, n, &i))
            return FALSE;
        }
      else if (n - i >= 4 && memcmp (p + i, "true", 4) == 0)
        i += 4;
      else if (n - i >= 5 && memcmp (p + i, "false", 5) == 0)
        i += 5;
      else if (n - i >= 4 && memcmp (p + i, "null", 4) == 0)
        i += 4;
      else if (!skip_number (p, n, &i))
        return FALSE;

      /* what may follow it */
      for (;;)
        {
          uint8_t open;

          skip_space (p, n, &i);
          if (stack->len == 0)
            return i == n;

          open = stack->data[stack->len - 1];
          if (i < n && p[i] == (open == '{' ? '}' : ']'))
            {
              i++;
              g_byte_array_set_size (stack, stack->len - 1);
              continue;
            }
          if (i >= n || p[i++] != ',')
            return FALSE;
          skip_space (p, n, &i);
          if (open == '{')
            {
              if (!skip_string (p, n, &i))
                return FALSE;
              skip_space (p, n, &i);
              if (i >= n || p[i++] != ':')
                return FALSE;
              skip_space (p, n, &i);
            }
          break;
        }
    }
}

static JsonNode *
parse (const uint8_t *data,
       size_t         size)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (size > G_MAXSSIZE || !is_strict_json (data, size) ||
      !json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

static void
validate_every_way (GenkitJsonSchema *schema,
                    JsonNode         *instance)
{
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GError) error = NULL;
  gboolean valid;
  gboolean quiet;

  valid = genkit_json_schema_validate (schema, instance, &violations, &error);
  quiet = genkit_json_schema_validate (schema, instance, NULL, NULL);

  CHECK (violations != NULL);
  if (error != NULL && g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_RESOURCE_EXHAUSTED))
    {
      CHECK (!valid);
      return;
    }

  CHECK (valid == quiet);
  CHECK (valid == (violations->len == 0));
  CHECK (valid == (error == NULL));
  CHECK (error == NULL || g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT));
  CHECK (error == NULL || g_str_has_prefix (error->message, "Schema validation failed."));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const uint8_t *separator = memchr (data, '\0', size);
  g_autoptr(JsonNode) schema = NULL;
  g_autoptr(JsonNode) instance = NULL;
  g_autoptr(GenkitJsonSchema) compiled = NULL;
  g_autoptr(GError) error = NULL;

  if (separator != NULL)
    {
      schema = parse (data, (size_t) (separator - data));
      instance = parse (separator + 1, size - (size_t) (separator - data) - 1);
    }
  else
    schema = parse (data, size);

  if (schema == NULL)
    return 0;
  if (instance == NULL)
    instance = json_node_ref (schema);

  validate_every_way (meta_schema, schema);

  compiled = genkit_json_schema_new (schema, &error);
  if (compiled == NULL)
    {
      CHECK (g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT));
      return 0;
    }
  CHECK (error == NULL);

  validate_every_way (compiled, instance);
  return 0;
}

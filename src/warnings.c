/*
 * warnings.c — the warnings list of a run (warnings.h) and the run's
 * wrappers mas_warn() and mas_run_print_warnings() (run.h).
 */
#include "warnings.h"
#include "run.h"

#include <stdlib.h>
#include <string.h>

static char *vformat(const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

void mas_warnings_vadd(struct mas_warnings *ws, const char *key, const char *fmt, va_list ap)
{
    char *msg = vformat(fmt, ap);
    if (!msg) {
        ws->lost++;
        return;
    }
    const char *k = key ? key : msg;
    for (size_t i = 0; i < ws->n; i++)
        if (strcmp(ws->w[i].key, k) == 0) {
            ws->w[i].count++;
            free(msg);
            return;
        }
    if (ws->n == ws->cap) {
        size_t cap = ws->cap ? 2 * ws->cap : 8;
        struct mas_warning *w = realloc(ws->w, cap * sizeof *w);
        if (!w) {
            free(msg);
            ws->lost++;
            return;
        }
        ws->w = w;
        ws->cap = cap;
    }
    char *kcopy = strdup(k);
    if (!kcopy) {
        free(msg);
        ws->lost++;
        return;
    }
    ws->w[ws->n++] = (struct mas_warning){kcopy, msg, 1};
}

void mas_warnings_add(struct mas_warnings *ws, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mas_warnings_vadd(ws, key, fmt, ap);
    va_end(ap);
}

void mas_warnings_free(struct mas_warnings *ws)
{
    for (size_t i = 0; i < ws->n; i++) {
        free(ws->w[i].key);
        free(ws->w[i].msg);
    }
    free(ws->w);
    memset(ws, 0, sizeof *ws);
}

char *mas_warning_text(const struct mas_warnings *ws, size_t i, char *buf, size_t len)
{
    const struct mas_warning *w = &ws->w[i];
    if (w->count > 1)
        snprintf(buf, len, "%s (%lu times)", w->msg, w->count);
    else
        snprintf(buf, len, "%s", w->msg);
    return buf;
}

/* Append s to buf[*used..len-1]; 0 when it did not fit (nothing appended). */
static int append(char *buf, size_t len, size_t *used, const char *s)
{
    size_t n = strlen(s);
    if (*used + n + 1 > len)
        return 0;
    memcpy(buf + *used, s, n + 1);
    *used += n;
    return 1;
}

#define ELLIPSIS "\xE2\x80\xA6"      /* U+2026, 3 bytes of UTF-8 */

size_t mas_warnings_join(const struct mas_warnings *ws, const char *prefix, char *buf, size_t len)
{
    if (len == 0)
        return 0;
    buf[0] = '\0';
    /* Build the whole text, then cut it to len. */
    size_t cap = (prefix ? strlen(prefix) : 0) + 1;
    char line[2048];
    for (size_t i = 0; i < ws->n; i++)
        cap += strlen(mas_warning_text(ws, i, line, sizeof line)) + 2;
    if (ws->lost)
        cap += 64;
    char *all = malloc(cap);
    if (!all)
        return 0;
    size_t used = 0;
    all[0] = '\0';
    if (prefix)
        append(all, cap, &used, prefix);
    for (size_t i = 0; i < ws->n; i++) {
        if (used)
            append(all, cap, &used, "; ");
        append(all, cap, &used, mas_warning_text(ws, i, line, sizeof line));
    }
    if (ws->lost) {
        snprintf(line, sizeof line, "%s%lu more warnings lost (out of memory)", used ? "; " : "",
                 ws->lost);
        append(all, cap, &used, line);
    }
    if (used + 1 <= len) {
        memcpy(buf, all, used + 1);
        free(all);
        return used;
    }
    /* Cut at a character boundary, leaving room for the ellipsis. */
    size_t keep = len >= sizeof ELLIPSIS ? len - sizeof ELLIPSIS : 0;
    while (keep > 0 && ((unsigned char)all[keep] & 0xC0) == 0x80)
        keep--;
    memcpy(buf, all, keep);
    free(all);
    if (len >= sizeof ELLIPSIS) {
        memcpy(buf + keep, ELLIPSIS, sizeof ELLIPSIS);
        return keep + sizeof ELLIPSIS - 1;
    }
    buf[keep] = '\0';
    return keep;
}

void mas_warnings_print(const struct mas_warnings *ws, FILE *f)
{
    char line[2048];
    for (size_t i = 0; i < ws->n; i++)
        fprintf(f, "massim: warning: %s\n", mas_warning_text(ws, i, line, sizeof line));
    if (ws->lost)
        fprintf(f, "massim: warning: %lu more warnings lost (out of memory)\n", ws->lost);
}

void mas_warn(struct mas_run *r, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mas_warnings_vadd(&r->warnings, key, fmt, ap);
    va_end(ap);
}

void mas_run_print_warnings(const struct mas_run *r, FILE *f)
{
    mas_warnings_print(&r->warnings, f);
}

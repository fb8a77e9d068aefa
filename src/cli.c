/*
 * cli.c — the table-driven command line (cli.h): the verb table, the one
 * parser of argv, the --help text generated from the same tables, and the
 * dispatch of `massim VERB ARGS`.  Only the cli_*.c files print errors and
 * pick exit statuses: 0 success, 1 a run that failed, 2 bad usage or input.
 */
#include "cli.h"

#include "massim.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const struct mas_cli_verb *const mas_cli_verbs[] = {
    &mas_cli_run, &mas_cli_check, &mas_cli_params, &mas_cli_states, &mas_cli_plot,
    &mas_cli_figures, &mas_cli_sweep, &mas_cli_criteria, &mas_cli_merge, &mas_cli_export,
    &mas_cli_cohort, &mas_cli_fit, &mas_cli_sensitivity, &mas_cli_docs,
};
const int mas_cli_n_verbs = MAS_CLI_COUNT(mas_cli_verbs);

/* Every verb takes these besides its own options. */
static const struct mas_cli_opt help_opt = {
    {"-h", "--help"}, MAS_CLI_FLAG, NULL, 0, NULL, MAS_CLI_ALONE, "this text" };

const struct mas_cli_verb *mas_cli_find_verb(const char *name)
{
    for (int i = 0; i < mas_cli_n_verbs; i++)
        if (strcmp(mas_cli_verbs[i]->name, name) == 0)
            return mas_cli_verbs[i];
    return NULL;
}

/* ---- helpers of the verbs ------------------------------------------------ */

int mas_cli_status(int rc)
{
    return rc == MAS_OK ? 0 : rc == MAS_EINPUT ? 2 : 1;
}

int mas_cli_report(int rc, const char *err)
{
    if (rc != MAS_OK)
        fprintf(stderr, "massim: %s\n", err);
    return mas_cli_status(rc);
}

int mas_cli_usage_error(const char *verb, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "massim: ");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n");
    const struct mas_cli_verb *v = mas_cli_find_verb(verb);
    if (v)
        mas_cli_usage(v, stderr);
    return 2;
}

int mas_cli_parse_jobs(const char *s, int *jobs, char *msg)
{
    char *end;
    long j = strtol(s, &end, 10);
    if (end == s || *end || j < 1 || j > 256)
        return mas_fail(msg, MAS_EINPUT, "need a number of workers from 1 to 256");
    *jobs = (int)j;
    return 0;
}

int mas_cli_parse_shard(const char *s, uint64_t *i, uint64_t *n, char *msg)
{
    char *end;
    unsigned long long a = strtoull(s, &end, 10);
    if (end == s || *end != '/' || s[0] == '-')
        return mas_fail(msg, MAS_EINPUT, "expected I/N with 0 <= I < N");
    const char *t = end + 1;
    unsigned long long b = strtoull(t, &end, 10);
    if (end == t || *end || t[0] == '-' || b == 0 || a >= b)
        return mas_fail(msg, MAS_EINPUT, "expected I/N with 0 <= I < N");
    *i = a;
    *n = b;
    return 0;
}

char *mas_cli_join_args(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *s = calloc(len, 1);
    for (int i = 0; s && i < argc; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

/* ---- the parser ------------------------------------------------------------ */

static const struct mas_cli_opt *find_opt(const struct mas_cli_verb *v, const char *arg)
{
    for (int i = 0; i < v->n_opts; i++)
        for (int k = 0; k < 2; k++)
            if (v->opts[i].names[k] && strcmp(v->opts[i].names[k], arg) == 0)
                return &v->opts[i];
    return NULL;
}

/* The closest of the verb's option names to arg ("did you mean"), or NULL
 * when none is within a third of its length (at least 2 edits). */
static const char *closest_opt(const struct mas_cli_verb *v, const char *arg)
{
    const char *best = NULL;
    int best_d = 0, limit = (int)strlen(arg) / 3 > 2 ? (int)strlen(arg) / 3 : 2;
    for (int i = 0; i < v->n_opts; i++)
        for (int k = 0; k < 2; k++) {
            const char *n = v->opts[i].names[k];
            int d = n ? mas_edit_distance(arg, n) : limit + 1;
            if (d <= limit && (!best || d < best_d)) {
                best = n;
                best_d = d;
            }
        }
    return best;
}

static int is_option(const char *arg)
{
    return arg[0] == '-' && arg[1] != '\0';
}

static int is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

static void *at(void *args, size_t offset)
{
    return (char *)args + offset;
}

/* Append s to the list, room for `cap` values made on first use. */
static int list_add(struct mas_cli_list *l, const char *s, int cap, char *msg)
{
    if (!l->v && !(l->v = calloc((size_t)cap + 1, sizeof *l->v)))
        return mas_fail(msg, MAS_EIO, "out of memory"), MAS_CLI_BAD_VALUE;
    l->v[l->n++] = s;
    return MAS_CLI_OK;
}

/* Pass 1: -h/--help anywhere before "--" wins; else every option must be
 * known and given its value. */
static int check_options(const struct mas_cli_verb *v, int argc, char **argv, char *msg)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        if (is_help(argv[i]))
            return MAS_CLI_HELP;
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (!is_option(argv[i]))
            continue;
        const struct mas_cli_opt *o = find_opt(v, argv[i]);
        if (!o) {
            const char *near = closest_opt(v, argv[i]);
            if (near)
                return mas_fail(msg, MAS_EINPUT, "unknown option: %s; did you mean %s?", argv[i],
                                near), MAS_CLI_UNKNOWN;
            return mas_fail(msg, MAS_EINPUT, "unknown option: %s", argv[i]), MAS_CLI_UNKNOWN;
        }
        if (o->kind == MAS_CLI_FLAG)
            continue;
        if (++i >= argc)
            return mas_fail(msg, MAS_EINPUT, "option %s needs a value (%s)", argv[i - 1],
                            o->value), MAS_CLI_NO_VALUE;
    }
    return MAS_CLI_OK;
}

static int store_opt(const struct mas_cli_opt *o, const char *value, void *args, int cap,
                     char *msg)
{
    if (o->kind == MAS_CLI_FLAG) {
        *(int *)at(args, o->offset) = 1;
        return MAS_CLI_OK;
    }
    if (o->set) {
        char why[MAS_ERR_LEN] = "";
        if (o->set(args, value, why) == 0)
            return MAS_CLI_OK;
        mas_fail(msg, MAS_EINPUT, "%s %s: %s", o->names[0], value, why);
        return MAS_CLI_BAD_VALUE;
    }
    if (o->kind == MAS_CLI_LIST)
        return list_add(at(args, o->offset), value, cap, msg);
    *(const char **)at(args, o->offset) = value;
    return MAS_CLI_OK;
}

/* A positional argument into the first declaration with room. */
static int store_pos(const struct mas_cli_verb *v, const char *arg, int *count, void *args,
                     int cap, char *msg)
{
    for (int k = 0; k < v->n_pos; k++) {
        const struct mas_cli_pos *p = &v->pos[k];
        if (p->max && count[k] >= p->max)
            continue;
        count[k]++;
        if (p->max == 1) {
            *(const char **)at(args, p->offset) = arg;
            return MAS_CLI_OK;
        }
        return list_add(at(args, p->offset), arg, cap, msg);
    }
    return mas_fail(msg, MAS_EINPUT, "unexpected argument: %s", arg), MAS_CLI_EXTRA;
}

/* Pass 3: what must be there is there (unless an action alone was given). */
static int check_required(const struct mas_cli_verb *v, const int *given, const int *count,
                          char *msg)
{
    for (int i = 0; i < v->n_opts; i++)
        if (given[i] && (v->opts[i].flags & MAS_CLI_ALONE))
            return MAS_CLI_OK;
    for (int k = 0; k < v->n_pos; k++)
        if (count[k] < v->pos[k].min)
            return mas_fail(msg, MAS_EINPUT, "missing %s", v->pos[k].name), MAS_CLI_MISSING;
    for (int i = 0; i < v->n_opts; i++)
        if (!given[i] && (v->opts[i].flags & MAS_CLI_REQUIRED))
            return mas_fail(msg, MAS_EINPUT, "missing %s %s", v->opts[i].names[0],
                            v->opts[i].value), MAS_CLI_MISSING;
    return MAS_CLI_OK;
}

/* Pass 2: the values, in order. */
static int assign(const struct mas_cli_verb *v, int argc, char **argv, void *args,
                  int *given, int *count, char *msg)
{
    int rc = MAS_CLI_OK, dashes = 0;
    for (int i = 1; i < argc && rc == MAS_CLI_OK; i++) {
        if (!dashes && strcmp(argv[i], "--") == 0) {
            dashes = 1;
            continue;
        }
        if (dashes || !is_option(argv[i])) {
            rc = store_pos(v, argv[i], count, args, argc, msg);
            continue;
        }
        const struct mas_cli_opt *o = find_opt(v, argv[i]);
        given[o - v->opts] = 1;
        rc = store_opt(o, o->kind == MAS_CLI_FLAG ? NULL : argv[i + 1], args, argc, msg);
        if (o->kind != MAS_CLI_FLAG)
            i++;
    }
    return rc;
}

int mas_cli_parse(const struct mas_cli_verb *v, int argc, char **argv, void *args, char *msg)
{
    int rc = check_options(v, argc, argv, msg);
    if (rc != MAS_CLI_OK)
        return rc;
    int *given = calloc((size_t)v->n_opts + 1, sizeof *given);
    int *count = calloc((size_t)v->n_pos + 1, sizeof *count);
    if (!given || !count)
        rc = (mas_fail(msg, MAS_EIO, "out of memory"), MAS_CLI_BAD_VALUE);
    if (rc == MAS_CLI_OK)
        rc = assign(v, argc, argv, args, given, count, msg);
    if (rc == MAS_CLI_OK)
        rc = check_required(v, given, count, msg);
    free(given);
    free(count);
    return rc;
}

void mas_cli_args_free(const struct mas_cli_verb *v, void *args)
{
    for (int i = 0; i < v->n_opts; i++)
        if (v->opts[i].kind == MAS_CLI_LIST && !v->opts[i].set)
            free(((struct mas_cli_list *)at(args, v->opts[i].offset))->v);
    for (int k = 0; k < v->n_pos; k++)
        if (v->pos[k].max != 1)
            free(((struct mas_cli_list *)at(args, v->pos[k].offset))->v);
}

/* ---- help ----------------------------------------------------------------- */

static void usage_opt(const struct mas_cli_opt *o, FILE *f)
{
    int opt = !(o->flags & MAS_CLI_REQUIRED);
    fprintf(f, " %s%s%s%s%s%s", opt ? "[" : "", o->names[0], o->value ? " " : "",
            o->value ? o->value : "", opt ? "]" : "", o->kind == MAS_CLI_LIST ? "..." : "");
}

void mas_cli_usage(const struct mas_cli_verb *v, FILE *f)
{
    fprintf(f, "usage: massim %s", v->name);
    for (int k = 0; k < v->n_pos; k++) {
        const struct mas_cli_pos *p = &v->pos[k];
        fprintf(f, " %s%s%s%s", p->min ? "" : "[", p->name, p->min ? "" : "]",
                p->max == 1 ? "" : "...");
    }
    for (int i = 0; i < v->n_opts; i++)
        if (!(v->opts[i].flags & MAS_CLI_ALONE))
            usage_opt(&v->opts[i], f);
    fprintf(f, "\n");
    for (int i = 0; i < v->n_opts; i++)
        if (v->opts[i].flags & MAS_CLI_ALONE)
            fprintf(f, "       massim %s %s\n", v->name, v->opts[i].names[0]);
}

/* "-o, --output FILE" into buf. */
static void opt_label(const struct mas_cli_opt *o, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s%s%s%s", o->names[0], o->names[1] ? ", " : "",
             o->names[1] ? o->names[1] : "", o->value ? " " : "", o->value ? o->value : "");
}

/* One entry of a list: label, then the text from column `col`, its later
 * lines indented as much. */
static void help_entry(FILE *f, const char *label, const char *text, int col)
{
    int len = (int)strlen(label) + 2;
    fprintf(f, "  %s", label);
    if (len + 2 > col)
        fprintf(f, "\n%*s", col, "");
    else
        fprintf(f, "%*s", col - len, "");
    for (const char *c = text; *c; c++) {
        fputc(*c, f);
        if (*c == '\n' && c[1])
            fprintf(f, "%*s", col, "");
    }
    fputc('\n', f);
}

static int help_column(const struct mas_cli_verb *v)
{
    char label[128];
    int col = 14;
    for (int i = 0; i < v->n_opts; i++) {
        opt_label(&v->opts[i], label, sizeof label);
        int len = (int)strlen(label) + 5;
        col = len > col && len <= 26 ? len : col;
    }
    for (int k = 0; k < v->n_pos; k++) {
        int len = (int)strlen(v->pos[k].name) + 5;
        col = len > col && len <= 26 ? len : col;
    }
    return col;
}

void mas_cli_help(const struct mas_cli_verb *v, FILE *f)
{
    char label[128];
    int col = help_column(v);
    mas_cli_usage(v, f);
    fprintf(f, "\n%s.\n\n", v->summary);
    for (int k = 0; k < v->n_pos; k++)
        help_entry(f, v->pos[k].name, v->pos[k].help, col);
    for (int i = 0; i < v->n_opts; i++) {
        opt_label(&v->opts[i], label, sizeof label);
        help_entry(f, label, v->opts[i].help, col);
    }
    opt_label(&help_opt, label, sizeof label);
    help_entry(f, label, help_opt.help, col);
    if (v->notes)
        fprintf(f, "\n%s", v->notes);
    if (v->more_help)
        v->more_help(f);
}

void mas_cli_overview(FILE *f)
{
    fprintf(f, "massim %s — a simulator of macrophage activation syndrome (MAS/HLH)\n\n"
               "usage: massim VERB [ARGS]   (massim VERB --help for details)\n\n", MAS_VERSION);
    for (int i = 0; i < mas_cli_n_verbs; i++)
        fprintf(f, "  %-8s %s\n", mas_cli_verbs[i]->name, mas_cli_verbs[i]->summary);
    fprintf(f, "\n  --version   print the version\n  --help      this text\n\n"
               "Exit status: 0 success, 1 a run that failed, 2 bad usage or input.\n"
               "Model documentation: docs/model.md; scenario format: docs/scenarios.md.\n");
}

/* ---- dispatch --------------------------------------------------------------- */

static int run_verb(const struct mas_cli_verb *v, int argc, char **argv)
{
    char msg[MAS_ERR_LEN] = "";
    void *args = calloc(1, v->args_size ? v->args_size : 1);
    if (!args)
        return mas_cli_report(MAS_EIO, "out of memory");
    int rc = mas_cli_parse(v, argc, argv, args, msg), status;
    if (rc == MAS_CLI_HELP) {
        mas_cli_help(v, stdout);
        status = 0;
    } else if (rc != MAS_CLI_OK) {
        status = mas_cli_usage_error(v->name, "%s", msg);
    } else {
        status = v->run(args, argc, argv);
    }
    mas_cli_args_free(v, args);
    free(args);
    return status;
}

int mas_cli_main(int argc, char **argv)
{
    if (argc < 2) {
        mas_cli_overview(stderr);
        return 2;
    }
    if (is_help(argv[1]) || strcmp(argv[1], "help") == 0) {
        mas_cli_overview(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("massim %s\n", MAS_VERSION);
        return 0;
    }
    const struct mas_cli_verb *v = mas_cli_find_verb(argv[1]);
    if (!v) {
        const char *near = NULL;
        int best = 3;            /* at most 2 edits: rnu, plto, sweeps */
        for (int i = 0; i < mas_cli_n_verbs; i++) {
            int d = mas_edit_distance(argv[1], mas_cli_verbs[i]->name);
            if (d < best) {
                best = d;
                near = mas_cli_verbs[i]->name;
            }
        }
        if (near)
            fprintf(stderr, "massim: unknown verb '%s'; did you mean '%s'? (try massim --help)\n",
                    argv[1], near);
        else
            fprintf(stderr, "massim: unknown verb '%s' (try massim --help)\n", argv[1]);
        return 2;
    }
    return run_verb(v, argc - 1, argv + 1);
}

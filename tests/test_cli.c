/*
 * test_cli.c — the command line's tables (src/cli.c) against themselves:
 * for every verb, every option its --help lists is one the parser accepts,
 * every option of its table is in its --help, an unknown option is
 * refused; the parser's handling of values, positionals, "--" and -h; and
 * every form of settable path (mas_settable_path, printed by run --help,
 * sweep --help and massim docs paths) accepted by --set on a real scenario.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "massim.h"
#include "run.h"
#include "scenario.h"

/* The help of v as a string (free() it). */
static char *help_text(const struct mas_cli_verb *v)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_non_null(f);
    mas_cli_help(v, f);
    fclose(f);
    return buf;
}

/* Parse VERB ARGS... (NULL-terminated); returns the mas_cli_result. */
static int parse(const struct mas_cli_verb *v, ...)
{
    char *argv[16] = { (char *)v->name };
    int argc = 1;
    va_list ap;
    va_start(ap, v);
    for (char *a; (a = va_arg(ap, char *)) && argc < 15;)
        argv[argc++] = a;
    va_end(ap);
    char msg[MAS_ERR_LEN] = "";
    void *args = calloc(1, v->args_size + 1);
    assert_non_null(args);
    int rc = mas_cli_parse(v, argc, argv, args, msg);
    mas_cli_args_free(v, args);
    free(args);
    return rc;
}

/* The option names of a help text: lines "  -x, --long VALUE   text". */
static int help_options(char *text, char names[][32], int max)
{
    int n = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "  -", 3) != 0)
            continue;
        for (char *c = line + 2; *c == '-' && n < max;) {
            size_t len = strcspn(c, ", ");
            snprintf(names[n++], 32, "%.*s", (int)len, c);
            c += len;
            if (*c == ',')
                c += 2;
            else
                break;
        }
    }
    return n;
}

static void help_lists_what_the_parser_accepts(void **state)
{
    (void)state;
    for (int i = 0; i < mas_cli_n_verbs; i++) {
        const struct mas_cli_verb *v = mas_cli_verbs[i];
        char *text = help_text(v), names[64][32];
        int n = help_options(text, names, 64);
        assert_true(n >= 2);   /* at least -h, --help */
        for (int k = 0; k < n; k++) {
            int rc = parse(v, names[k], "x", NULL);
            if (rc == MAS_CLI_UNKNOWN)
                fail_msg("massim %s --help lists %s, which the parser refuses", v->name, names[k]);
        }
        free(text);
    }
}

static void help_names_every_option_of_the_table(void **state)
{
    (void)state;
    for (int i = 0; i < mas_cli_n_verbs; i++) {
        const struct mas_cli_verb *v = mas_cli_verbs[i];
        char *text = help_text(v), names[64][32];
        int n = help_options(text, names, 64);
        for (int o = 0; o < v->n_opts; o++)
            for (int j = 0; j < 2 && v->opts[o].names[j]; j++) {
                int found = 0;
                for (int k = 0; k < n; k++)
                    found |= strcmp(names[k], v->opts[o].names[j]) == 0;
                if (!found)
                    fail_msg("massim %s accepts %s but its --help does not list it", v->name,
                             v->opts[o].names[j]);
            }
        free(text);
    }
}

static void every_verb_refuses_an_unknown_option(void **state)
{
    (void)state;
    for (int i = 0; i < mas_cli_n_verbs; i++) {
        const struct mas_cli_verb *v = mas_cli_verbs[i];
        assert_int_equal(parse(v, "--no-such-option", NULL), MAS_CLI_UNKNOWN);
        assert_int_equal(parse(v, "-Z", "a", "b", NULL), MAS_CLI_UNKNOWN);
        assert_int_equal(parse(v, "--no-such-option", "--help", NULL), MAS_CLI_HELP);
        assert_int_equal(parse(v, "-h", NULL), MAS_CLI_HELP);
        assert_ptr_equal(mas_cli_find_verb(v->name), v);
    }
    assert_null(mas_cli_find_verb("frobnicate"));
}

static void the_parser_reads_values_positionals_and_dashes(void **state)
{
    (void)state;
    const struct mas_cli_verb *run = mas_cli_find_verb("run");
    const struct mas_cli_verb *check = mas_cli_find_verb("check");
    assert_int_equal(parse(run, "a.yaml", NULL), MAS_CLI_OK);
    assert_int_equal(parse(run, NULL), MAS_CLI_MISSING);
    assert_int_equal(parse(run, "a.yaml", "b.yaml", NULL), MAS_CLI_EXTRA);
    assert_int_equal(parse(run, "a.yaml", "-o", NULL), MAS_CLI_NO_VALUE);
    assert_int_equal(parse(run, "a.yaml", "--set", "x=1", "--set", "y=2", "-q", NULL), MAS_CLI_OK);
    assert_int_equal(parse(run, "--", "-a.yaml", NULL), MAS_CLI_OK);
    assert_int_equal(parse(run, "a.yaml", "--", "--help", NULL), MAS_CLI_EXTRA);
    assert_int_equal(parse(run, "a.yaml", "-o", "--", NULL), MAS_CLI_OK);
    assert_int_equal(parse(check, "a", "b", "c", NULL), MAS_CLI_OK);
    const struct mas_cli_verb *sweep = mas_cli_find_verb("sweep");
    assert_int_equal(parse(sweep, "s.yaml", NULL), MAS_CLI_MISSING);
    assert_int_equal(parse(sweep, "s.yaml", "-o", "x.h5", "-j", "0", NULL), MAS_CLI_BAD_VALUE);
    assert_int_equal(parse(sweep, "s.yaml", "-o", "x.h5", "--shard", "3/2", NULL), MAS_CLI_BAD_VALUE);
    assert_int_equal(parse(sweep, "s.yaml", "-o", "x.h5", "-j", "4", "--shard", "1/2", NULL), MAS_CLI_OK);
    const struct mas_cli_verb *figures = mas_cli_find_verb("figures");
    assert_int_equal(parse(figures, "--list", NULL), MAS_CLI_OK);
    assert_int_equal(parse(figures, NULL), MAS_CLI_MISSING);
    assert_int_equal(parse(figures, "-o", "d", "--format", "png,svg,pdf,png", NULL), MAS_CLI_BAD_VALUE);
}

/* The scenario the examples of the settable paths are meant for: a flare
 * (trigger.duration), a therapy with phases (therapies[0]) and one without
 * (therapies[1]), one started by a condition (therapies[2]) and one whose
 * first phase is (therapies[3]). */
static const char scenario_yaml[] =
    "name: cli-paths\n"
    "patient: {weight_kg: 25, height_cm: 125, background: sjia}\n"
    "trigger: {kind: flare, at: day 1, load: 1.0, duration: 14 d}\n"
    "therapies:\n"
    "  - drug: dexamethasone\n"
    "    route: iv\n"
    "    phases:\n"
    "      - {dose: 10 mg/m2, start: day 5, every: 1 d, count: 14}\n"
    "      - {dose: 5 mg/m2, start: day 19, every: 1 d, count: 7}\n"
    "  - {drug: cyclosporine, dose: 6 mg/kg, route: oral, every: 12 h, until: day 30, start: day 5}\n"
    "  - {drug: anakinra, dose: 2 mg/kg, route: iv, when: ferritin > 10000 ng/mL, after: 12 h}\n"
    "  - drug: emapalumab\n"
    "    route: iv\n"
    "    phases:\n"
    "      - {dose: 6 mg/kg, when: platelets < 100, after: 1 d}\n"
    "      - {dose: 3 mg/kg, start: day 20}\n"
    "time: {end: 40 d, output_every: 6 h}\n";

/* Does the NAME of example "NAME=VALUE" have the form `path` (K, J any
 * index, PARAMETER any name without a dot)? */
static int has_form(const char *example, const char *path)
{
    const char *e = example;
    if (strcmp(path, "PARAMETER") == 0)
        return strcspn(e, ".=[") == strcspn(e, "=");
    for (const char *p = path; *p; p++) {
        if ((*p == 'K' || *p == 'J') && p[-1] == '[') {
            if (!(*e >= '0' && *e <= '9'))
                return 0;
            while (*e >= '0' && *e <= '9')
                e++;
        } else if (*e++ != *p) {
            return 0;
        }
    }
    return *e == '=';
}

static void every_settable_path_is_accepted_by_set(void **state)
{
    (void)state;
    char path[] = "/tmp/test_cli_XXXXXX", err[MAS_ERR_LEN];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, scenario_yaml, sizeof scenario_yaml - 1), (ssize_t)(sizeof scenario_yaml - 1));
    close(fd);
    int n = 0;
    for (const struct mas_settable_path *d; (d = mas_settable_path(n)); n++) {
        assert_true(has_form(d->example, d->path));
        const char *sets[] = { d->example };
        struct mas_run r;
        int rc = mas_run_prepare(&r, path, sets, 1, err);
        if (rc != MAS_OK)
            fail_msg("--set %s (%s): %s", d->example, d->path, err);
        mas_run_free(&r);
    }
    assert_true(n >= 17);
    /* Every solver setting run.c knows (it lists them when refusing one)
     * is in the table. */
    const char *bad[] = { "solver.no_such_setting=1" };
    struct mas_run r;
    assert_int_equal(mas_run_prepare(&r, path, bad, 1, err), MAS_EINPUT);
    mas_run_free(&r);
    char *list = strchr(err, '(');
    assert_non_null(list);
    int listed = 0;
    for (char *w = strtok(list + 1, ", )"); w; w = strtok(NULL, ", )"), listed++) {
        char want[64];
        int found = 0;
        snprintf(want, sizeof want, "solver.%s", w);
        for (int i = 0; mas_settable_path(i); i++)
            found |= strcmp(mas_settable_path(i)->path, want) == 0;
        if (!found)
            fail_msg("run.c accepts %s, the table of settable paths does not list it", want);
    }
    assert_int_equal(listed, 6);
    unlink(path);
}

static void the_paths_print_as_help_and_markdown(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&buf, &size);
    mas_settable_paths_markdown(f);
    fclose(f);
    int rows = 0;
    for (const struct mas_settable_path *d; (d = mas_settable_path(rows)); rows++) {
        char cell[80];
        snprintf(cell, sizeof cell, "| `%s` |", d->path);
        assert_non_null(strstr(buf, cell));
    }
    int lines = 0;
    for (char *c = buf; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, rows + 2);
    free(buf);
    f = open_memstream(&buf, &size);
    mas_settable_paths_help(f);
    fclose(f);
    for (int i = 0; mas_settable_path(i); i++)
        assert_non_null(strstr(buf, mas_settable_path(i)->path));
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(help_lists_what_the_parser_accepts),
        cmocka_unit_test(help_names_every_option_of_the_table),
        cmocka_unit_test(every_verb_refuses_an_unknown_option),
        cmocka_unit_test(the_parser_reads_values_positionals_and_dashes),
        cmocka_unit_test(every_settable_path_is_accepted_by_set),
        cmocka_unit_test(the_paths_print_as_help_and_markdown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

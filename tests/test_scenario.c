/*
 * test_scenario.c — the scenario reader (src/scenario.c) against the real
 * model: a good file read field by field, the defaults of a minimal file,
 * --set overrides, and error paths (each must leave a freeable scenario;
 * the ASan build checks that nothing leaks), parameter ranges, the bound
 * on the output grid (also in the run's own guard), encodings, and the
 * edit distance behind "did you mean".  The many single-mistake files are
 * in tests/bad/ and checked through the CLI by t_bad_input.sh.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "massim.h"
#include "model.h"
#include "run.h"
#include "scenario.h"

static struct mas_model model;

/* Times are exact binary fractions of a day or one division by 24 or 1440:
 * 1e-12 relative is ample. */
#define NEAR(a, b) assert_true(fabs((a) - (b)) <= 1e-12 * fabs(b) + 1e-15)

static const char good_yaml[] =
    "# a good scenario, every key given\n"
    "name: mas-sjia-test\n"
    "description: sJIA patient, flare, MAS\n"
    "patient:\n"
    "  weight_kg: 2500 g\n"
    "  height_cm: 1.25 m\n"
    "  background: sjia\n"
    "  cytotoxic_function: 60%\n"
    "trigger: {kind: flare, at: 36 h, load: 2.5, duration: 2 weeks}\n"
    "parameters:\n"
    "  ifng_half_life_h: 1.5\n"
    "  crp_half_life_h: 80\n"
    "time: {start: day 1, end: 60 d, output_every: 30 min}\n"
    "output: {file: out.h5, csv: out.csv}\n";

static const char minimal_yaml[] =
    "name: minimal\n"
    "patient: {weight_kg: 25, height_cm: 125, background: healthy}\n"
    "time: {end: 10}\n";

/* Write text to a fresh temporary file; its name goes into path[32]. */
static void write_temp(char *path, const char *text)
{
    strcpy(path, "/tmp/massim-scenario-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int load_text(const char *text, struct mas_scenario *s, char *err)
{
    char path[32];
    write_temp(path, text);
    int rc = mas_scenario_load(path, &model, s, err);
    unlink(path);
    return rc;
}

static int param(const char *name)
{
    int i = mas_model_find_param(&model, name);
    if (i < 0)
        fail_msg("the model has no parameter '%s'", name);
    return i;
}

static void test_good_every_field(void **state)
{
    (void)state;
    char path[32], err[MAS_ERR_LEN] = "";
    struct mas_scenario s;
    write_temp(path, good_yaml);
    int rc = mas_scenario_load(path, &model, &s, err);
    unlink(path);
    if (rc != MAS_OK)
        fail_msg("%s", err);
    assert_string_equal(s.path, path);
    assert_string_equal(s.text, good_yaml);
    assert_string_equal(s.name, "mas-sjia-test");
    assert_string_equal(s.description, "sJIA patient, flare, MAS");
    NEAR(s.patient.weight_kg, 2.5);
    NEAR(s.patient.height_cm, 125.0);
    assert_string_equal(s.patient.background, "sjia");
    NEAR(s.patient.cytotoxic_function, 0.6);
    assert_int_equal(s.trigger.kind, MAS_TRIGGER_FLARE);
    NEAR(s.trigger.at_day, 1.5);
    NEAR(s.trigger.load, 2.5);
    NEAR(s.trigger.duration_day, 14.0);
    assert_int_equal(s.n_overrides, 2);
    assert_int_equal(s.overrides[0].param, param("ifng_half_life_h"));
    NEAR(s.overrides[0].value, 1.5);
    assert_int_equal(s.overrides[0].line, 11);
    assert_int_equal(s.overrides[0].col, 21);
    assert_int_equal(s.overrides[1].param, param("crp_half_life_h"));
    NEAR(s.overrides[1].value, 80.0);
    assert_int_equal(s.overrides[1].line, 12);
    NEAR(s.t_start_day, 1.0);
    NEAR(s.t_end_day, 60.0);
    NEAR(s.output_every_day, 30.0 / 1440.0);
    assert_string_equal(s.output_file, "out.h5");
    assert_string_equal(s.csv_file, "out.csv");
    mas_scenario_free(&s);
    assert_null(s.text);
    mas_scenario_free(&s);               /* freeing twice is harmless */
}

static void test_minimal_defaults(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN] = "";
    struct mas_scenario s;
    if (load_text(minimal_yaml, &s, err) != MAS_OK)
        fail_msg("%s", err);
    assert_null(s.description);
    assert_true(isnan(s.patient.cytotoxic_function));
    assert_string_equal(s.patient.background, "healthy");
    assert_int_equal(s.trigger.kind, MAS_TRIGGER_NONE);
    NEAR(s.trigger.at_day, 0.0);
    assert_int_equal(s.n_overrides, 0);
    NEAR(s.t_start_day, 0.0);
    NEAR(s.t_end_day, 10.0);                  /* a bare time is in days */
    NEAR(s.output_every_day, 1.0 / 24.0);     /* default output every hour */
    assert_null(s.output_file);
    assert_null(s.csv_file);
    mas_scenario_free(&s);
}

static void test_infection_and_csv_false(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN] = "";
    struct mas_scenario s;
    const char *text =
        "name: infection\n"
        "patient: {weight_kg: 25 kg, height_cm: 125 cm, background: fhl, cytotoxic_function: 0}\n"
        "trigger: {kind: infection, load: 1e3}\n"
        "time: {end: 2 weeks, output_every: 6 h}\n"
        "output: {file: x.h5, csv: false}\n";
    if (load_text(text, &s, err) != MAS_OK)
        fail_msg("%s", err);
    assert_int_equal(s.trigger.kind, MAS_TRIGGER_INFECTION);
    NEAR(s.trigger.at_day, 0.0);
    NEAR(s.trigger.load, 1000.0);
    NEAR(s.patient.cytotoxic_function, 0.0);
    NEAR(s.t_end_day, 14.0);
    NEAR(s.output_every_day, 0.25);
    assert_string_equal(s.output_file, "x.h5");
    assert_null(s.csv_file);
    mas_scenario_free(&s);
}

static void load_good(struct mas_scenario *s)
{
    char err[MAS_ERR_LEN] = "";
    if (load_text(good_yaml, s, err) != MAS_OK)
        fail_msg("%s", err);
}

static void set_ok(struct mas_scenario *s, const char *assignment)
{
    char err[MAS_ERR_LEN] = "";
    if (mas_scenario_set(s, &model, assignment, err) != MAS_OK)
        fail_msg("--set %s refused: %s", assignment, err);
}

static void set_bad(struct mas_scenario *s, const char *assignment, const char *needle)
{
    char err[MAS_ERR_LEN] = "";
    assert_int_equal(mas_scenario_set(s, &model, assignment, err), MAS_EINPUT);
    if (!strstr(err, needle) || strncmp(err, "--set ", 6) != 0)
        fail_msg("--set %s: message '%s' lacks '%s'", assignment, err, needle);
}

static void test_set_parameters(void **state)
{
    (void)state;
    struct mas_scenario s;
    load_good(&s);
    set_ok(&s, "ifng_half_life_h=3");          /* replaces the file's override */
    assert_int_equal(s.n_overrides, 2);
    assert_int_equal(s.overrides[0].param, param("ifng_half_life_h"));
    NEAR(s.overrides[0].value, 3.0);
    assert_int_equal(s.overrides[0].line, 0);
    set_ok(&s, "il6_half_life_h=4.5");         /* a new one is appended */
    assert_int_equal(s.n_overrides, 3);
    assert_int_equal(s.overrides[2].param, param("il6_half_life_h"));
    NEAR(s.overrides[2].value, 4.5);
    set_ok(&s, "il6_half_life_h=5");           /* and replaced again */
    assert_int_equal(s.n_overrides, 3);
    NEAR(s.overrides[2].value, 5.0);
    set_bad(&s, "ifng_halflife_h=3", "did you mean 'ifng_half_life_h'?");
    set_bad(&s, "crp_half_life_h=-1", "parameter 'crp_half_life_h' must be a number > 0, found -1");
    set_bad(&s, "crp_half_life_h=0", "parameter 'crp_half_life_h' must be a number > 0, found 0");
    set_bad(&s, "cytotoxic_function=1.5", "must be a number from 0 to 1, found 1.5");
    set_bad(&s, "crp_half_life_h=fast", "expected a finite number");
    set_bad(&s, "crp_half_life_h=nan", "expected a finite number");
    set_bad(&s, "crp_half_life_h=", "expected NAME=VALUE");
    set_bad(&s, "=3", "expected NAME=VALUE");
    set_bad(&s, "crp_half_life_h", "expected NAME=VALUE");
    set_bad(&s, "no_such_thing_at_all=1", "unknown name 'no_such_thing_at_all'");
    assert_int_equal(s.n_overrides, 3);
    mas_scenario_free(&s);
}

static void test_set_fields(void **state)
{
    (void)state;
    struct mas_scenario s;
    load_good(&s);
    set_ok(&s, "patient.cytotoxic_function=0.05");
    NEAR(s.patient.cytotoxic_function, 0.05);
    set_ok(&s, "patient.weight_kg=30");
    NEAR(s.patient.weight_kg, 30.0);
    set_ok(&s, "patient.height_cm=1.4 m");
    NEAR(s.patient.height_cm, 140.0);
    set_ok(&s, "trigger.load=0.5");
    NEAR(s.trigger.load, 0.5);
    set_ok(&s, "trigger.at=day 5");
    NEAR(s.trigger.at_day, 5.0);
    set_ok(&s, "time.end=30");
    NEAR(s.t_end_day, 30.0);
    set_bad(&s, "patient.cytotoxic_function=1.5", "between 0 and 1");
    set_bad(&s, "patient.weight_kg=0", "must be between 0.3 and 500, found 0");
    set_bad(&s, "patient.weight_kg=25 cm", "expected a mass");
    set_bad(&s, "patient.wieght_kg=25", "did you mean 'patient.weight_kg'?");
    set_bad(&s, "trigger.load=0", "must be > 0");
    set_bad(&s, "time.end=day 1", "must be after time.start");
    NEAR(s.t_end_day, 30.0);                   /* a refused --set changes nothing */
    set_bad(&s, "time.end=3", "outside the simulated time");
    NEAR(s.t_end_day, 30.0);
    /* 1e9 d at 30 min is 4.8e10 output times: over the limit of 10^7. */
    set_bad(&s, "time.end=1e9", "at most 200000 are allowed");
    NEAR(s.t_end_day, 30.0);
    mas_scenario_free(&s);
}

static void test_set_trigger_without_trigger(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN] = "";
    struct mas_scenario s;
    if (load_text(minimal_yaml, &s, err) != MAS_OK)
        fail_msg("%s", err);
    set_bad(&s, "trigger.load=1", "no trigger");
    set_ok(&s, "cytotoxic_function=0.2");      /* the model parameter of that name */
    assert_int_equal(s.n_overrides, 1);
    mas_scenario_free(&s);
}

/* Each error must come with FILE:LINE:COL and leave a freeable struct. */
static void expect_error(const char *text, const char *where, const char *needle)
{
    char path[32], err[MAS_ERR_LEN] = "", prefix[64];
    struct mas_scenario s;
    write_temp(path, text);
    int rc = mas_scenario_load(path, &model, &s, err);
    unlink(path);
    int kept_text = s.text != NULL;            /* provenance kept even on error */
    mas_scenario_free(&s);
    assert_int_equal(rc, MAS_EINPUT);
    assert_true(kept_text);
    snprintf(prefix, sizeof prefix, "%s:%s: ", path, where);
    if (strncmp(err, prefix, strlen(prefix)) != 0 || !strstr(err, needle))
        fail_msg("got '%s', expected '%s...%s'", err, prefix, needle);
}

static void test_errors_free_cleanly(void **state)
{
    (void)state;
    /* failures at each stage: after name, after overrides, at the cross-checks */
    expect_error("name: x\npatient: {weight_kg: 25, height_cm: 125, background: fhl}\n"
                 "description: d\nparameters: {crp_half_life_h: 1, bogus_param: 2}\n"
                 "time: {end: 5}\n", "4:34", "unknown parameter 'bogus_param'");
    expect_error("name: x\ndescription: d\noutput: {file: o.h5, csv: c.csv}\n"
                 "patient: {weight_kg: 25, height_cm: 125, background: fhl}\n"
                 "parameters: {crp_half_life_h: 1}\ntime: {end: 5, start: 6}\n",
                 "6:13", "must be after");
    expect_error("name: x\npatient: {weight_kg: 25, height_cm: 125, background: fhl}\n"
                 "time: {end: 5}\noutput: {file: o.h5, csv: [a]}\n", "4:27",
                 "output.csv: expected a string, found a list");
    expect_error("name: [x]\npatient: {weight_kg: 25, height_cm: 125, background: fhl}\n"
                 "time: {end: 5}\n", "1:7", "name: expected a string, found a list");
    expect_error("patient: {a: 1\n", "2:1", "YAML syntax error");
    expect_error("'just a string'\n", "1:1", "found 'just a string'");
    expect_error("name: x\npatient: {weight_kg: 25, height_cm: 125, background: fhl}\n"
                 "time: {end: 5, output_every: 90 s, ouptut_every: 1 h}\n", "3:36",
                 "did you mean 'output_every'?");
    /* the output grid: 1000 d every second is 8.64e7 times, over 10^7 */
    expect_error("name: x\npatient: {weight_kg: 25, height_cm: 125, background: fhl}\n"
                 "time: {end: 1000 d, output_every: 1 s}\n", "3:35",
                 "at most 200000 are allowed");
    expect_error("name: x\npatient: {weight_kg: 25, height_cm: 125, background: fhl}\n"
                 "time: {end: 1e300 d, output_every: 1e-300 d}\n", "3:36",
                 "at most 200000 are allowed");
    /* parameter ranges from the model's table */
    expect_error("name: x\npatient: {weight_kg: 25, height_cm: 125, background: fhl}\n"
                 "time: {end: 5}\nparameters: {crp_half_life_h: 0}\n", "4:31",
                 "parameter 'crp_half_life_h' must be a number > 0, found 0");
    /* UTF-16 (byte-order mark FF FE) is refused at 1:1 */
    expect_error("\xff\xfename: x\n", "1:1", "the file is UTF-16");
}

/* A UTF-8 byte-order mark is allowed (editors on Windows write one). */
static void test_utf8_bom(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN] = "", text[sizeof minimal_yaml + 3] = "\xef\xbb\xbf";
    struct mas_scenario s;
    strcat(text, minimal_yaml);
    int rc = load_text(text, &s, err);
    if (rc != MAS_OK)
        fail_msg("%s", err);
    assert_string_equal(s.name, "minimal");
    mas_scenario_free(&s);
}

/* Suggestions count a swap of neighbours as one edit: two swaps are
 * distance 2 (Levenshtein would say 4, too far to suggest). */
static void test_suggest_transpositions(void **state)
{
    (void)state;
    assert_int_equal(mas_edit_distance("ifng_hlaf_lfie_h", "ifng_half_life_h"), 2);
    assert_int_equal(mas_edit_distance("abc", "abc"), 0);
    assert_int_equal(mas_edit_distance("", "abc"), 3);
    const char *near = mas_model_suggest_param(&model, "ifng_hlaf_lfie_h");
    assert_non_null(near);
    assert_string_equal(near, "ifng_half_life_h");
}

/* The run's grid guard (run.c make_grid) refuses a grid too large for
 * size_t arithmetic even when the scenario checks were bypassed. */
/* The limit on output times as help texts give it is the limit. */
static void test_output_limit_text(void **state)
{
    (void)state;
    char digits[32];
    size_t n = 0;
    for (const char *c = MAS_MAX_OUTPUT_TIMES_TEXT; *c && n + 1 < sizeof digits; c++)
        if (*c != ',')
            digits[n++] = *c;
    digits[n] = '\0';
    assert_true(atof(digits) == MAS_MAX_OUTPUT_TIMES);
}

static void test_grid_guard(void **state)
{
    (void)state;
    char path[32], err[MAS_ERR_LEN] = "";
    struct mas_run r;
    write_temp(path, minimal_yaml);
    int rc = mas_run_prepare(&r, path, NULL, 0, err);
    unlink(path);
    if (rc != MAS_OK)
        fail_msg("%s", err);
    r.sc.output_every_day = 1e-300;            /* 10^301 output times */
    assert_int_equal(mas_run_execute(&r, err), MAS_EINPUT);
    assert_non_null(strstr(err, "output grid"));
    mas_run_free(&r);
}

static void test_unreadable_and_zeroed(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN] = "";
    struct mas_scenario s;
    assert_int_equal(mas_scenario_load("/nonexistent/dir/x.yaml", &model, &s, err), MAS_EINPUT);
    assert_string_equal(err, "/nonexistent/dir/x.yaml: cannot read: No such file or directory");
    mas_scenario_free(&s);
    assert_int_equal(mas_scenario_load("/tmp", &model, &s, err), MAS_EINPUT);
    assert_string_equal(err, "/tmp: cannot read: Is a directory");
    mas_scenario_free(&s);
    memset(&s, 0, sizeof s);
    mas_scenario_free(&s);                     /* a zeroed struct frees */
    mas_scenario_free(NULL);
}

static int setup(void **state)
{
    char err[MAS_ERR_LEN];
    (void)state;
    if (mas_model_init(&model, err) != MAS_OK) {
        fprintf(stderr, "mas_model_init: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    mas_model_free(&model);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_every_field),
        cmocka_unit_test(test_minimal_defaults),
        cmocka_unit_test(test_infection_and_csv_false),
        cmocka_unit_test(test_set_parameters),
        cmocka_unit_test(test_set_fields),
        cmocka_unit_test(test_set_trigger_without_trigger),
        cmocka_unit_test(test_errors_free_cleanly),
        cmocka_unit_test(test_unreadable_and_zeroed),
        cmocka_unit_test(test_utf8_bom),
        cmocka_unit_test(test_suggest_transpositions),
        cmocka_unit_test(test_grid_guard),
        cmocka_unit_test(test_output_limit_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

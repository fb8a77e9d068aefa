/*
 * test_sweep_spec.c — what a scenario says for a sweep, read by
 * src/scenario_sweep.c and src/scenario_set.c: a grid (lists with units, a
 * log range, a dose list, column names, run count), a sampled design (each
 * distribution, truncation, defaults), output.trajectories / every, the
 * settable therapy paths (a phased regimen moved as a whole, one phase,
 * doses, refusals that change nothing), the unit of every kind of path,
 * and errors with their exact FILE:LINE:COL.  More single-mistake files:
 * tests/bad/sweep-*.yaml (t_bad_input.sh).  Syntax: docs/sweeps.md.
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
#include "scenario.h"

static struct mas_model model;

#define NEAR(a, b) assert_true(fabs((a) - (double)(b)) <= 1e-12 * fabs((double)(b)) + 1e-15)

/* Line 2..7 of every test file; the sections that differ follow. */
#define BASE                                                                        \
    "name: sweep-test\n"                                                            \
    "patient: {weight_kg: 25, height_cm: 125, background: sjia, "                   \
    "cytotoxic_function: 0.6}\n"                                                    \
    "trigger: {kind: infection, at: day 0, load: 1.0}\n"                            \
    "time: {end: 60 d, output_every: 1 h}\n"
#define THERAPIES                                                                   \
    "therapies:\n"                                                                  \
    "  - {drug: methylprednisolone, dose: 30 mg/kg, route: iv, every: 24 h, "      \
    "count: 3, start: day 1}\n"                                                     \
    "  - drug: emapalumab\n"                                                        \
    "    route: iv\n"                                                               \
    "    phases:\n"                                                                 \
    "      - {dose: 6 mg/kg, start: day 3}\n"                                       \
    "      - {dose: 3 mg/kg, start: day 6, every: 3 d, until: day 15}\n"            \
    "  - {drug: dexamethasone, dose: 10 mg/m2, route: oral, start: day 2}\n"        \
    "  - {drug: anakinra, dose: 100 mg, route: sc, start: day 2}\n"                 \
    "  - {drug: hsct, start: day 50}\n"

static const char grid_yaml[] =
    "# a grid\n" BASE THERAPIES
    "output: {trajectories: [ferritin, esr], every: 6 h}\n"
    "sweep:\n"
    "  axes:\n"
    "    - {path: \"therapies[1].start\", values: [day 1, day 2, 3, 36 h]}\n"
    "    - {path: patient.cytotoxic_function, range: [0.05, 1.0], steps: 20, scale: log}\n"
    "    - path: therapies[0].dose\n"
    "      values: [10, 20 mg/kg, 30]\n"
    "    - {path: ifng_half_life_h, range: [1, 2], steps: 3}\n"
    "    - {path: ifng_production, values: [0.5]}\n";

static const char sampled_yaml[] =
    "# a sampled design\n" BASE
    "sweep:\n"
    "  axes:\n"
    "    - {path: ifng_half_life_h, distribution: log-normal, median: 1.5, sd_log: 0.3, "
    "min: 0.5, max: 5}\n"
    "    - {path: suppression_max, distribution: uniform, range: [0.2, 0.8]}\n"
    "    - {path: body_weight_kg, distribution: normal, mean: 25, sd: 5, min: 10, max: 60}\n"
    "    - {path: trigger.at, range: [12 h, day 2]}\n"
    "    - {path: crp_half_life_h, range: [10, 100], scale: log}\n"
    "    - {path: patient.weight_kg, distribution: log-uniform, range: [10 kg, 60 kg]}\n"
    "  samples: {method: latin-hypercube, n: 10000, seed: 42}\n";

/* Write text to a fresh temporary file named into path[40]. */
static void write_temp(char *path, const char *text)
{
    strcpy(path, "/tmp/massim-sweepspec-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void load_ok(const char *text, struct mas_scenario *s)
{
    char path[40], err[MAS_ERR_LEN] = "";
    write_temp(path, text);
    int rc = mas_scenario_load(path, &model, s, err);
    unlink(path);
    if (rc != MAS_OK)
        fail_msg("%s", err);
}

/* Loading text fails at LINE, at the column where `token` first is on that
 * line, with a message containing needle. */
static void load_bad(const char *text, int line, const char *token, const char *needle)
{
    char path[40], err[MAS_ERR_LEN] = "", want[80];
    struct mas_scenario s;
    const char *at = text;
    for (int i = 1; i < line; i++)
        at = strchr(at, '\n') + 1;
    const char *end = strchr(at, '\n'), *tok = strstr(at, token);
    if (!tok || tok > end)
        fail_msg("no '%s' on line %d of the test text", token, line);
    int col = (int)(tok - at) + 1;
    write_temp(path, text);
    int rc = mas_scenario_load(path, &model, &s, err);
    unlink(path);
    mas_scenario_free(&s);
    snprintf(want, sizeof want, "%s:%d:%d: ", path, line, col);
    assert_int_equal(rc, MAS_EINPUT);
    if (strncmp(err, want, strlen(want)) || !strstr(err, needle))
        fail_msg("expected '%s...%s', got '%s'", want, needle, err);
}

static void test_grid(void **state)
{
    (void)state;
    struct mas_scenario s;
    load_ok(grid_yaml, &s);
    const struct mas_design *d = s.sweep;
    assert_non_null(d);
    assert_int_equal(d->method, MAS_DESIGN_GRID);
    assert_int_equal(d->n_axes, 5);
    assert_true(d->n_runs == 4 * 20 * 3 * 3 * 1);
    static const char *const names[] = { "therapies_1_start", "patient_cytotoxic_function",
                                         "therapies_0_dose", "ifng_half_life_h",
                                         "ifng_production" };
    static const char *const units[] = { "day", "1", "mg/kg", "h", NULL };
    for (size_t i = 0; i < d->n_axes; i++) {
        assert_string_equal(d->axes[i].name, names[i]);
        if (units[i])
            assert_string_equal(d->axes[i].unit, units[i]);
    }
    assert_string_equal(d->axes[0].path, "therapies[1].start");
    assert_int_equal(d->axes[0].line, 19);
    assert_int_equal(d->axes[0].col, 7);
    assert_int_equal(d->axes[2].line, 21);
    assert_int_equal(d->axes[2].col, 7);
    const double starts[] = { 1, 2, 3, 1.5 };
    assert_int_equal(d->axes[0].n_values, 4);
    for (int i = 0; i < 4; i++)
        NEAR(d->axes[0].values[i], starts[i]);
    assert_int_equal(d->axes[1].n_values, 20);
    for (int i = 0; i < 20; i++)
        NEAR(d->axes[1].values[i], 0.05 * pow(20.0, i / 19.0));
    assert_true(d->axes[1].values[19] == 1.0 && d->axes[1].values[0] == 0.05);
    NEAR(d->axes[2].values[1], 20);
    NEAR(d->axes[3].values[1], 1.5);
    assert_int_equal(s.n_trajectories, 2);
    assert_string_equal(s.trajectories[0], "ferritin");
    assert_string_equal(s.trajectories[1], "esr");
    NEAR(s.trajectory_every_day, 0.25);
    mas_scenario_free(&s);
}

static void test_sampled(void **state)
{
    (void)state;
    struct mas_scenario s;
    load_ok(sampled_yaml, &s);
    const struct mas_design *d = s.sweep;
    assert_non_null(d);
    assert_int_equal(d->method, MAS_DESIGN_LHS);
    assert_true(d->n_runs == 10000 && d->seed == 42);
    assert_int_equal(d->n_axes, 6);
    const struct mas_axis *a = d->axes;
    assert_int_equal(a[0].dist, MAS_DIST_LOG_NORMAL);
    NEAR(a[0].p1, 1.5);
    NEAR(a[0].p2, 0.3);
    NEAR(a[0].min, 0.5);
    NEAR(a[0].max, 5);
    assert_int_equal(a[1].dist, MAS_DIST_UNIFORM);
    NEAR(a[1].p1, 0.2);
    NEAR(a[1].p2, 0.8);
    assert_true(a[1].min == -INFINITY && a[1].max == INFINITY);
    assert_int_equal(a[2].dist, MAS_DIST_NORMAL);
    NEAR(a[2].p1, 25);
    NEAR(a[2].p2, 5);
    NEAR(a[2].min, 10);
    NEAR(a[2].max, 60);
    assert_int_equal(a[3].dist, MAS_DIST_UNIFORM);      /* a range alone: uniform */
    NEAR(a[3].p1, 0.5);
    NEAR(a[3].p2, 2);
    assert_string_equal(a[3].unit, "day");
    assert_int_equal(a[4].dist, MAS_DIST_LOG_UNIFORM);  /* range + scale: log */
    assert_int_equal(a[5].dist, MAS_DIST_LOG_UNIFORM);
    assert_string_equal(a[5].unit, "kg");
    assert_null(a[0].values);
    assert_int_equal(s.n_trajectories, 0);
    assert_null(s.trajectories);
    mas_scenario_free(&s);

    load_ok("# sobol: seed optional\n" BASE
            "sweep:\n  axes: [{path: suppression_max, range: [0.1, 0.9]}]\n"
            "  samples: {method: sobol, n: 64}\n", &s);
    assert_int_equal(s.sweep->method, MAS_DESIGN_SOBOL);
    assert_true(s.sweep->seed == 0 && s.sweep->n_runs == 64);
    mas_scenario_free(&s);

    load_ok("# no sweep\n" BASE, &s);
    assert_null(s.sweep);
    mas_scenario_free(&s);
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

static void test_set_therapies(void **state)
{
    (void)state;
    struct mas_scenario s;
    load_ok("# therapies\n" BASE THERAPIES, &s);
    struct mas_regimen *g = s.regimens;          /* 0: mp; 1, 2: phases; 3 dex; 4 ana; 5 hsct */
    assert_int_equal(s.n_regimens, 6);
    set_ok(&s, "therapies[1].start=5");          /* the regimen moves as a whole: +2 d */
    NEAR(g[1].start_day, 5);
    NEAR(g[2].start_day, 8);
    NEAR(g[2].until_day, 17);
    NEAR(g[0].start_day, 1);                     /* other therapies stay */
    set_ok(&s, "therapies[1].start=36 h");
    NEAR(g[1].start_day, 1.5);
    NEAR(g[2].start_day, 4.5);
    NEAR(g[2].until_day, 13.5);
    set_ok(&s, "therapies[1].phases[1].start=day 10");   /* one phase, with its until */
    NEAR(g[1].start_day, 1.5);
    NEAR(g[2].start_day, 10);
    NEAR(g[2].until_day, 19);
    set_ok(&s, "therapies[0].start=day 2");
    NEAR(g[0].start_day, 2);
    set_ok(&s, "therapies[0].dose=20");
    NEAR(g[0].dose, 20);
    set_ok(&s, "therapies[0].dose=15 mg/kg");
    NEAR(g[0].dose, 15);
    set_ok(&s, "therapies[0].dose=0");           /* 0: a control arm */
    NEAR(g[0].dose, 0);
    set_ok(&s, "therapies[1].phases[0].dose=4");
    NEAR(g[1].dose, 4);
    set_ok(&s, "therapies[3].dose=1 g");          /* mg: g converts */
    NEAR(g[4].dose, 1000);
    set_bad(&s, "therapies[1].dose=3", "therapies[1].phases[0].dose");
    set_bad(&s, "therapies[6].start=1", "the scenario has 5 therapies");
    set_bad(&s, "therapies[0].dose=-1", "must be >= 0");
    set_bad(&s, "therapies[0].dose=6 mg", "expected a dose in mg/kg");
    set_bad(&s, "therapies[0].start=day 61", "within the simulated time (day 0 to day 60)");
    set_bad(&s, "therapies[1].phases[1].start=-1", "within the simulated time");
    set_bad(&s, "therapies[0].phases[0].start=1", "therapies[0] has no phases");
    set_bad(&s, "therapies[1].phases[2].dose=1", "therapies[1] has 2 phases");
    set_bad(&s, "therapies[1].strat=1", "did you mean 'therapies[1].start'?");
    set_bad(&s, "therapies[4].dose=1", "procedure");
    set_bad(&s, "therapies[01].start=1", "unknown name");
    set_bad(&s, "therapies.start=1", "unknown name");
    NEAR(g[0].start_day, 2);                     /* refusals change nothing */
    NEAR(g[0].dose, 0);
    NEAR(g[2].start_day, 10);
    mas_scenario_free(&s);
}

static void test_set_overlap(void **state)
{
    (void)state;
    struct mas_scenario s;
    load_ok("# two infusions\n" BASE
            "therapies:\n"
            "  - {drug: methylprednisolone, dose: 30 mg/kg, route: iv infusion, duration: 2 h, "
            "start: day 1}\n"
            "  - {drug: methylprednisolone, dose: 30 mg/kg, route: iv infusion, duration: 2 h, "
            "start: day 2}\n", &s);
    set_bad(&s, "therapies[1].start=25 h", "overlapping iv infusions");
    NEAR(s.regimens[1].start_day, 2);
    set_ok(&s, "therapies[1].start=26 h");        /* back to back is fine */
    NEAR(s.regimens[1].start_day, 26.0 / 24.0);
    mas_scenario_free(&s);
}

static void unit_is(const struct mas_scenario *s, const char *path, const char *want)
{
    char unit[32] = "", err[MAS_ERR_LEN] = "";
    if (mas_scenario_path_unit(s, &model, path, unit, sizeof unit, err) != MAS_OK)
        fail_msg("%s: %s", path, err);
    if (strcmp(unit, want))
        fail_msg("%s: unit '%s', expected '%s'", path, unit, want);
}

static void test_path_units(void **state)
{
    (void)state;
    struct mas_scenario s;
    char unit[32], err[MAS_ERR_LEN] = "";
    load_ok("# units\n" BASE THERAPIES, &s);
    unit_is(&s, "ifng_half_life_h", "h");
    unit_is(&s, "body_weight_kg", "kg");
    unit_is(&s, "suppression_max", "1");
    unit_is(&s, "patient.weight_kg", "kg");
    unit_is(&s, "patient.height_cm", "cm");
    unit_is(&s, "patient.cytotoxic_function", "1");
    unit_is(&s, "trigger.at", "day");
    unit_is(&s, "trigger.load", "1");
    unit_is(&s, "time.end", "day");
    unit_is(&s, "therapies[0].start", "day");
    unit_is(&s, "therapies[1].start", "day");
    unit_is(&s, "therapies[1].phases[1].start", "day");
    unit_is(&s, "therapies[0].dose", "mg/kg");
    unit_is(&s, "therapies[1].phases[1].dose", "mg/kg");
    unit_is(&s, "therapies[2].dose", "mg/m2");
    unit_is(&s, "therapies[3].dose", "mg");
    unit_is(&s, "therapies[4].start", "day");
    assert_int_equal(mas_scenario_path_unit(&s, &model, "trigger.duration", unit, sizeof unit,
                                            err), MAS_EINPUT);
    assert_non_null(strstr(err, "trigger.duration: "));
    assert_non_null(strstr(err, "kind flare"));
    assert_int_equal(mas_scenario_path_unit(&s, &model, "patient.wieght_kg", unit, sizeof unit,
                                            err), MAS_EINPUT);
    assert_non_null(strstr(err, "did you mean 'patient.weight_kg'?"));
    mas_scenario_free(&s);
    load_ok("# flare\nname: f\npatient: {weight_kg: 25, height_cm: 125, background: sjia}\n"
            "trigger: {kind: flare, at: day 1, load: 1, duration: 5 d}\ntime: {end: 30}\n", &s);
    unit_is(&s, "trigger.duration", "day");
    set_ok(&s, "trigger.duration=36 h");
    NEAR(s.trigger.duration_day, 1.5);
    set_ok(&s, "ifng_half_life_h=90 min");        /* a parameter in h takes a time */
    NEAR(s.overrides[0].value, 1.5);
    set_bad(&s, "ifng_half_life_h=fast", "expected a finite number");
    mas_scenario_free(&s);
}

#define SWEEP1 "sweep:\n  axes:\n"

static void test_errors(void **state)
{
    (void)state;
    /* line 1 comment, 2-5 BASE, 6 sweep:, 7 axes:, 8 the first axis */
    load_bad("#\n" BASE SWEEP1 "    - {path: suppression_max, vales: [0.1]}\n", 8, "vales",
             "unknown key 'vales' in a sweep axis; did you mean 'values'?");
    load_bad("#\n" BASE SWEEP1 "    - {path: supression_max, values: [0.1]}\n", 8, "supr",
             "sweep.axes[0].path: unknown name 'supression_max'; did you mean 'suppression_max'?");
    load_bad("#\n" BASE SWEEP1 "    - {path: suppression_max, values: [0.1, 1.5]}\n", 8, "1.5",
             "sweep.axes[0].values: parameter 'suppression_max' must be a number from 0 to 1, "
             "found 1.5");
    load_bad("#\n" BASE SWEEP1 "    - {path: suppression_max, range: [0, 1], steps: 3, "
             "scale: log}\n", 8, "[0, 1]", "a log scale needs values above 0");
    load_bad("#\n" BASE SWEEP1 "    - {path: suppression_max, range: [0.1, 1], steps: 1}\n",
             8, "1}", "steps must be a whole number from 2 to 1000000, found '1'");
    load_bad("#\n" BASE SWEEP1 "    - {path: \"therapies[0].start\", values: [1]}\n", 8,
             "\"ther", "therapies[0]: the scenario has no therapies");
    load_bad("#\n" BASE SWEEP1 "    - {path: suppression_max, range: [0.1, 0.9]}\n"
             "  samples: {method: random, n: 10}\n", 9, "{method", "needs a 'seed'");
    load_bad("#\n" BASE SWEEP1 "    - {path: suppression_max, distribution: log-normal, "
             "median: 0.5, sd_log: 1}\n  samples: {method: random, n: 10, seed: 1}\n", 8,
             "log-normal", "can leave the valid values of suppression_max (from 0 to 1): add max:");
    load_bad("#\n" BASE SWEEP1 "    - {path: suppression_max, range: [0.1, 0.9], min: 0.5, "
             "max: 0.4}\n  samples: {method: random, n: 10, seed: 1}\n", 8, "0.4",
             "max (0.4) must be above min (0.5)");
    load_bad("#\n" BASE SWEEP1 "    - {path: patient.weight_kg, distribution: normal, "
             "mean: 25, sd: 5, median: 3}\n  samples: {method: random, n: 10, seed: 1}\n", 8,
             "median", "'median' does not apply to a normal distribution");
    load_bad("#\n" BASE SWEEP1 "    - {path: suppression_max, distribution: normal, "
             "mean: 0.5, sd: 0.1, min: 0}\n  samples: {method: random, n: 10, seed: 1}\n", 8,
             "normal", "add max:");
    /* mas_design_check's refusals point at the sweep mapping (line 7: axes) */
    load_bad("#\n" BASE SWEEP1 "    - {path: suppression_max, range: [0.1, 0.9]}\n"
             "  samples: {method: sobol, n: 9007199254740991}\n", 7, "axes", "sobol");
    load_bad("#\n" BASE "output: {trajectories: [ferritin, ferritin]}\n", 6, "ferritin]",
             "'ferritin' is listed twice");
    load_bad("#\n" BASE "output: {trajectories: [ferritn]}\n", 6, "ferritn",
             "unknown state or observable 'ferritn'; did you mean 'ferritin'?");
    load_bad("#\n" BASE "output: {trajectories: [ferritin], every: 90 min}\n", 6, "90",
             "output.every (1.5 h) must be a whole multiple of time.output_every (1 h)");
    load_bad("#\n" BASE "output: {trajectories: [ferritin], every: 2880 h}\n", 6, "2880",
             "longer than the simulated span");
    load_bad("#\n" BASE "output: {csv: false, every: 6 h}\n", 6, "every",
             "output.every applies to trajectories");
}

int main(void)
{
    char err[MAS_ERR_LEN];
    if (mas_model_init(&model, err) != MAS_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grid),
        cmocka_unit_test(test_sampled),
        cmocka_unit_test(test_set_therapies),
        cmocka_unit_test(test_set_overlap),
        cmocka_unit_test(test_path_units),
        cmocka_unit_test(test_errors),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    mas_model_free(&model);
    return failed;
}

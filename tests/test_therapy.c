/*
 * test_therapy.c — the dosing language (issue 5): body-surface-area and
 * per-kg amounts with caps compute the documented mg; every/count/until
 * and phases give the expected days; an IV bolus adds exactly its mg to
 * the central compartment at its time; an infusion delivers its amount at
 * its rate and stops; a procedure sets its state; /doses in the HDF5 file
 * lists what the schedule gave.  Rules: docs/scenarios.md, "therapies".
 *
 * Runs use emapalumab with its binding rate set negligible
 * (emapalumab_kon: 1e-9): these tests measure how doses enter the model,
 * which is the PK alone; the PD of the antibody is tested elsewhere.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "massim.h"
#include "model.h"
#include "run.h"
#include "scenario.h"
#include "therapy.h"

/* Products and sums of a few doubles: 1e-12 relative is ample. */
#define NEAR(a, b) assert_true(fabs((a) - (b)) <= 1e-12 * fabs(b) + 1e-15)

static const struct mas_drug fake = { .name = "fake", .iv_state = "x" };

static const char patient_and_time[] =
    "name: dosing\n"
    "patient: {weight_kg: 25, height_cm: 125, background: healthy}\n"
    "parameters: {emapalumab_kon: 1e-9}\n"
    "time: {end: 8 d, output_every: 0.125 d}\n";

/* Write the scenario (patient_and_time + therapies) to a temporary file. */
static void write_scenario(char *path, const char *therapies)
{
    strcpy(path, "/tmp/massim-therapy-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fprintf(f, "%stherapies:\n%s", patient_and_time, therapies);
    fclose(f);
}

/* Prepare and execute a run of those therapies; fails the test on error. */
static void run_therapies(struct mas_run *r, const char *therapies)
{
    char path[32], err[MAS_ERR_LEN];
    write_scenario(path, therapies);
    int rc = mas_run_prepare(r, path, NULL, 0, err);
    if (rc == MAS_OK)
        rc = mas_run_execute(r, err);
    unlink(path);
    if (rc != MAS_OK)
        fail_msg("run failed: %s", err);
}

/* The value of state `name` at output time t (which must be on the grid). */
static double state_at(const struct mas_run *r, const char *name, double t)
{
    int i = mas_model_find_state(&r->model, name);
    assert_true(i >= 0);
    for (size_t k = 0; k < r->n_time; k++)
        if (r->time[k] == t)
            return r->y[k * (size_t)r->model.n_states + (size_t)i];
    fail_msg("no output time %g", t);
    return NAN;
}

/* Mosteller: BSA = sqrt(125 cm x 25 kg / 3600) = 0.9317 m^2; 10 mg/m^2 is
 * 9.317 mg.  Methylprednisolone 30 mg/kg with max 1 g: 40 kg -> 1000 mg
 * (the cap), 25 kg -> 750 mg. */
static void test_bsa_and_caps(void **state)
{
    (void)state;
    char msg[MAS_ERR_LEN];
    assert_true(fabs(mas_bsa_mosteller(25, 125) - 0.9317) < 5e-5);
    struct mas_regimen g = { .drug = &fake, .route = MAS_ROUTE_ORAL, .max_amount = INFINITY };
    assert_int_equal(mas_dose_parse("10 mg/m\xc2\xb2", &g.dose, &g.dose_unit, msg), MAS_OK);
    assert_int_equal(g.dose_unit, MAS_DOSE_MG_PER_M2);
    assert_true(fabs(mas_regimen_amount(&g, 25, 125) - 9.317) < 5e-4);
    NEAR(mas_regimen_amount(&g, 25, 125), 10.0 * sqrt(125.0 * 25.0 / 3600.0));

    assert_int_equal(mas_dose_parse("30 mg/kg", &g.dose, &g.dose_unit, msg), MAS_OK);
    assert_int_equal(mas_cap_parse(&fake, "1 g", &g.max_amount, msg), MAS_OK);
    NEAR(g.max_amount, 1000.0);
    NEAR(mas_regimen_amount(&g, 40, 150), 1000.0);
    NEAR(mas_regimen_amount(&g, 25, 125), 750.0);

    assert_int_equal(mas_dose_parse("1.5 g", &g.dose, &g.dose_unit, msg), MAS_OK);
    assert_int_equal(g.dose_unit, MAS_DOSE_MG);
    NEAR(g.dose, 1500.0);
    assert_int_equal(mas_dose_parse("30 mg/L", &g.dose, &g.dose_unit, msg), MAS_EINPUT);
    assert_int_equal(mas_dose_parse("30", &g.dose, &g.dose_unit, msg), MAS_EINPUT);
    assert_int_equal(mas_cap_parse(&fake, "10 mg/kg", &g.max_amount, msg), MAS_EINPUT);
}

/* A blood product dosed by volume: mL, L and mL/kg, a cap in mL; a mass
 * unit does not fit it and a volume does not fit a drug dosed by mass. */
static void test_volume_doses(void **state)
{
    (void)state;
    char msg[MAS_ERR_LEN];
    static const struct mas_drug cells = { .name = "cells", .infusion_state = "x", .amount_unit = "mL" };
    struct mas_regimen g = { .drug = &cells, .route = MAS_ROUTE_INFUSION, .max_amount = INFINITY };
    assert_int_equal(mas_dose_parse("15 mL/kg", &g.dose, &g.dose_unit, msg), MAS_OK);
    assert_int_equal(g.dose_unit, MAS_DOSE_ML_PER_KG);
    assert_true(mas_dose_unit_fits(&cells, g.dose_unit));
    assert_false(mas_dose_unit_fits(&fake, g.dose_unit));
    NEAR(mas_regimen_amount(&g, 8, 70), 120.0);
    assert_int_equal(mas_cap_parse(&cells, "100 mL", &g.max_amount, msg), MAS_OK);
    NEAR(mas_regimen_amount(&g, 8, 70), 100.0);
    assert_int_equal(mas_cap_parse(&cells, "1 g", &g.max_amount, msg), MAS_EINPUT);
    assert_non_null(strstr(msg, "mL or L"));
    assert_int_equal(mas_dose_parse("0.25 L", &g.dose, &g.dose_unit, msg), MAS_OK);
    assert_int_equal(g.dose_unit, MAS_DOSE_ML);
    NEAR(g.dose, 250.0);
    assert_false(mas_dose_unit_fits(&cells, MAS_DOSE_MG_PER_KG));
    assert_true(mas_dose_unit_fits(&fake, MAS_DOSE_MG_PER_KG));
    assert_string_equal(mas_drug_amount_unit(&cells), "mL");
    assert_string_equal(mas_drug_amount_unit(&fake), "mg");

    struct mas_dose *d = NULL;
    size_t n = 0;
    g.max_amount = INFINITY;
    g.dose = 10, g.dose_unit = MAS_DOSE_ML_PER_KG, g.duration_day = 0.125;
    assert_int_equal(mas_therapy_expand(&g, 1, 8, 70, &d, &n, msg), MAS_OK);
    assert_int_equal(n, 1);
    NEAR(d[0].amount, 80.0);
    assert_string_equal(d[0].unit, "mL");
    free(d);
}

static void assert_days(const struct mas_dose *d, size_t n, const double *want, size_t n_want)
{
    assert_int_equal(n, n_want);
    for (size_t k = 0; k < n; k++)
        if (fabs(d[k].day - want[k]) > 1e-12)
            fail_msg("dose %zu on day %.15g, expected %g", k, d[k].day, want[k]);
}

/* The trial regimen of DESIGN.md as phases, read from YAML: 6 mg/kg on day
 * 3; 3 mg/kg every 3 d from day 6 to day 15; every 3.5 d from day 18 to
 * day 28 (28.5 is past `until`).  Plus every 8 h until day 1 (the last
 * dose lands on `until` despite 8 h not being a binary fraction). */
static void test_phases_every_count_until(void **state)
{
    (void)state;
    char path[32], err[MAS_ERR_LEN];
    struct mas_model m;
    struct mas_scenario s;
    struct mas_dose *d;
    size_t n;
    assert_int_equal(mas_model_init(&m, err), MAS_OK);
    write_scenario(path,
        "  - drug: emapalumab\n"
        "    route: iv\n"
        "    phases:\n"
        "      - {dose: 6 mg/kg, start: day 3}\n"
        "      - {dose: 3 mg/kg, start: day 6, every: 3 d, until: day 15}\n"
        "      - {dose: 3 mg/kg, start: day 18, every: 3.5 d, until: day 28}\n"
        "  - {drug: emapalumab, route: iv, dose: 1 mg, every: 8 h, until: day 31, start: day 30}\n"
        "  - {drug: emapalumab, route: iv, dose: 1 g, max: 500 mg, every: 24 h, count: 3, start: day 40}\n");
    int rc = mas_scenario_load(path, &m, &s, err);
    unlink(path);
    if (rc != MAS_OK)
        fail_msg("%s", err);
    assert_int_equal(s.n_regimens, 5);
    assert_int_equal(s.regimens[2].phase, 2);
    assert_int_equal(s.regimens[3].phase, -1);
    assert_int_equal(mas_therapy_expand(s.regimens, s.n_regimens, 25, 125, &d, &n, err), MAS_OK);
    static const double want[] = { 3, 6, 9, 12, 15, 18, 21.5, 25, 30, 30 + 1.0 / 3,
                                   30 + 2.0 / 3, 31, 40, 41, 42 };
    assert_days(d, n, want, sizeof want / sizeof want[0]);
    NEAR(d[0].amount, 150.0);
    NEAR(d[1].amount, 75.0);
    NEAR(d[8].amount, 1.0);
    NEAR(d[12].amount, 500.0);
    assert_string_equal(d[0].drug, "emapalumab");
    assert_int_equal(d[0].route, MAS_ROUTE_IV);
    free(d);
    mas_scenario_free(&s);
    mas_model_free(&m);
}

/* Doses of several regimens are merged in time order; infusions of one
 * drug overlap unless one ends before (or exactly when) the next starts. */
static void test_merge_and_overlap(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN];
    struct mas_regimen g[] = {
        { .drug = &fake, .route = MAS_ROUTE_INFUSION, .dose = 10, .max_amount = INFINITY,
          .start_day = 1, .every_day = 1, .count = 3, .duration_day = 0.5 },
        { .drug = &fake, .route = MAS_ROUTE_INFUSION, .dose = 10, .max_amount = INFINITY,
          .start_day = 1.5, .duration_day = 0.5 },
    };
    struct mas_dose *d;
    size_t n, a, b;
    assert_int_equal(mas_therapy_expand(g, 2, 25, 125, &d, &n, err), MAS_OK);
    static const double want[] = { 1, 1.5, 2, 3 };
    assert_days(d, n, want, 4);
    assert_false(mas_therapy_find_overlap(d, n, &a, &b));     /* back to back */
    free(d);
    g[1].start_day = 1.25;
    assert_int_equal(mas_therapy_expand(g, 2, 25, 125, &d, &n, err), MAS_OK);
    assert_true(mas_therapy_find_overlap(d, n, &a, &b));
    assert_int_equal(a, 0);
    assert_int_equal(b, 1);
    free(d);
}

/* An IV bolus is a jump of exactly its mg at its time: the output at the
 * dose time is sampled after the dose (solver.h), the state was 0 before
 * the first dose, and a second dose adds exactly 75 mg to what a run
 * without it holds at that instant. */
static void test_bolus_adds_exact_amount(void **state)
{
    (void)state;
    struct mas_run a, b;
    run_therapies(&a, "  - {drug: emapalumab, route: iv, dose: 6 mg/kg, start: day 3}\n"
                      "  - {drug: emapalumab, route: iv, dose: 3 mg/kg, start: day 6}\n");
    /* b has a breakpoint at day 6 too (a dose of another drug, which acts
     * on emapalumab only later), so both runs take the same steps up to
     * it: the difference at day 6 is the bolus alone, to round-off. */
    run_therapies(&b, "  - {drug: emapalumab, route: iv, dose: 6 mg/kg, start: day 3}\n"
                      "  - {drug: anakinra, route: sc, dose: 100 mg, start: day 6}\n");
    assert_true(state_at(&a, "emapalumab_central", 2.875) == 0.0);
    NEAR(state_at(&a, "emapalumab_central", 3.0), 150.0);
    double before = state_at(&b, "emapalumab_central", 6.0);
    assert_true(before > 10.0 && before < 150.0);
    NEAR(state_at(&a, "emapalumab_central", 6.0) - before, 75.0);
    assert_int_equal(a.n_doses, 2);
    assert_true(a.stats.resets >= 2);
    mas_run_free(&a);
    mas_run_free(&b);
}

/* A 1 h infusion of 100 mg into a drug-free patient: the rate state holds
 * 100 mg / (1/24 d) = 2400 mg/d from its start and 0 after its end; the
 * amount in the body (central + peripheral) 3 h after the start is 100 mg
 * less what was eliminated: kel = CL/V1 ~ 0.11 /d for 25 kg, for ~2.5 h on
 * average, about 1%.  Bounds: 98 .. 100 mg.  Then two infusions back to
 * back (binary-exact times): at the boundary the rate is the second one's,
 * exactly (the first one's stop comes before the second one's start). */
static void test_infusion_delivers_its_amount(void **state)
{
    (void)state;
    struct mas_run r;
    run_therapies(&r, "  - {drug: emapalumab, route: iv infusion, dose: 100 mg, duration: 1 h,"
                      " start: day 1}\n"
                      "  - {drug: emapalumab, route: iv infusion, dose: 50 mg, duration: 6 h,"
                      " start: day 2}\n"
                      "  - {drug: emapalumab, route: iv infusion, dose: 20 mg, duration: 0.25 d,"
                      " start: day 2.25}\n");
    assert_int_equal(r.n_doses, 3);
    assert_true(state_at(&r, "emapalumab_infusion", 0.875) == 0.0);
    NEAR(state_at(&r, "emapalumab_infusion", 1.0), 2400.0);
    assert_true(state_at(&r, "emapalumab_infusion", 1.125) == 0.0);
    double body = state_at(&r, "emapalumab_central", 1.125)
                + state_at(&r, "emapalumab_peripheral", 1.125);
    if (!(body > 98.0 && body < 100.0))
        fail_msg("after 100 mg infused, %g mg in the body", body);
    NEAR(state_at(&r, "emapalumab_infusion", 2.125), 200.0);
    NEAR(state_at(&r, "emapalumab_infusion", 2.25), 80.0);
    assert_true(state_at(&r, "emapalumab_infusion", 2.5) == 0.0);
    mas_run_free(&r);
}

/* A procedure sets its state to 1 at its time, and is listed with no
 * amount.  Doses outside the simulated time are not given, and counted. */
static void test_procedure_and_outside(void **state)
{
    (void)state;
    struct mas_run probe;
    char err[MAS_ERR_LEN];
    assert_int_equal(mas_model_init(&probe.model, err), MAS_OK);
    const struct mas_drug *hsct = mas_model_find_drug(&probe.model, "hsct");
    const char *given = hsct ? hsct->procedure_state : NULL;
    mas_model_free(&probe.model);
    if (!given)
        skip();
    struct mas_run r;
    run_therapies(&r, "  - {drug: hsct, start: day 2}\n"
                      "  - {drug: emapalumab, route: iv, dose: 1 mg, start: day 9}\n");
    assert_int_equal(r.n_doses, 1);
    assert_int_equal(r.n_doses_outside, 1);
    assert_int_equal(r.doses[0].route, MAS_ROUTE_PROCEDURE);
    assert_true(isnan(r.doses[0].amount));
    assert_true(state_at(&r, given, 1.875) == 0.0);
    assert_true(state_at(&r, given, 2.0) == 1.0);
    mas_run_free(&r);
}

/* Read a 1-D dataset of doses into buf (n values of mtype). */
static size_t read_column(hid_t f, const char *name, hid_t mtype, void *buf, size_t cap)
{
    hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t space = H5Dget_space(d);
    hsize_t n = 0;
    H5Sget_simple_extent_dims(space, &n, NULL);
    assert_true(n <= cap);
    if (n)
        assert_true(H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0);
    H5Sclose(space);
    H5Dclose(d);
    return (size_t)n;
}

/* /doses in the file is the run's schedule, row for row. */
static void test_doses_in_h5(void **state)
{
    (void)state;
    struct mas_run r;
    char err[MAS_ERR_LEN], path[40];
    run_therapies(&r, "  - {drug: emapalumab, route: iv, dose: 6 mg/kg, start: day 3}\n"
                      "  - {drug: emapalumab, route: iv infusion, dose: 10 mg, duration: 1 h,"
                      " every: 1 d, count: 2, start: day 1}\n"
                      "  - {drug: emapalumab, route: iv, dose: 1 mg, start: day 20}\n");
    strcpy(path, "/tmp/massim-doses-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    if (mas_output_h5_write(path, &r, err) != MAS_OK)
        fail_msg("%s", err);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    double day[8], amount[8], duration[8];
    char *drug[8], *route[8];
    hid_t str = H5Tcopy(H5T_C_S1);
    H5Tset_size(str, H5T_VARIABLE);
    H5Tset_cset(str, H5T_CSET_UTF8);
    assert_int_equal(read_column(f, "/doses/day", H5T_NATIVE_DOUBLE, day, 8), 3);
    assert_int_equal(read_column(f, "/doses/amount_mg", H5T_NATIVE_DOUBLE, amount, 8), 3);
    assert_int_equal(read_column(f, "/doses/duration_day", H5T_NATIVE_DOUBLE, duration, 8), 3);
    assert_int_equal(read_column(f, "/doses/drug", str, drug, 8), 3);
    assert_int_equal(read_column(f, "/doses/route", str, route, 8), 3);
    for (size_t k = 0; k < 3; k++) {
        assert_true(day[k] == r.doses[k].day);
        assert_true(amount[k] == r.doses[k].amount);
        assert_true(duration[k] == r.doses[k].duration_day);
        assert_string_equal(drug[k], "emapalumab");
        assert_string_equal(route[k], mas_route_names[r.doses[k].route]);
    }
    static const double want_day[] = { 1, 2, 3 }, want_mg[] = { 10, 10, 150 };
    for (size_t k = 0; k < 3; k++) {
        NEAR(day[k], want_day[k]);
        NEAR(amount[k], want_mg[k]);
    }
    assert_string_equal(route[0], "iv infusion");
    assert_string_equal(route[2], "iv");
    hid_t space = H5Screate_simple(1, (hsize_t[]){ 3 }, NULL);
    H5Dvlen_reclaim(str, space, H5P_DEFAULT, drug);
    H5Dvlen_reclaim(str, space, H5P_DEFAULT, route);
    H5Sclose(space);
    unsigned long long outside = 0;
    hid_t g = H5Gopen2(f, "/doses", H5P_DEFAULT);
    hid_t at = H5Aopen(g, "doses_outside_time", H5P_DEFAULT);
    assert_true(H5Aread(at, H5T_NATIVE_ULLONG, &outside) >= 0);
    assert_int_equal(outside, 1);
    H5Aclose(at);
    H5Gclose(g);
    H5Tclose(str);
    H5Fclose(f);
    unlink(path);
    mas_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bsa_and_caps),
        cmocka_unit_test(test_volume_doses),
        cmocka_unit_test(test_phases_every_count_until),
        cmocka_unit_test(test_merge_and_overlap),
        cmocka_unit_test(test_bolus_adds_exact_amount),
        cmocka_unit_test(test_infusion_delivers_its_amount),
        cmocka_unit_test(test_procedure_and_outside),
        cmocka_unit_test(test_doses_in_h5),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

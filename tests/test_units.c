/*
 * test_units.c — the unit reader (src/units.c): every accepted form of a
 * time, a mass, a length and a plain number, and the mistakes it must
 * refuse with a message that says what was expected and what was found.
 * Conversions are exact or within 1e-12 relative (one rounding of a
 * decimal constant), so the tolerance below is far above any real error.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <string.h>

#include "massim.h"
#include "units.h"

static double parse_ok(const char *text, enum mas_quantity q, const char *def)
{
    char err[MAS_ERR_LEN] = "";
    double v = -12345;
    int rc = mas_units_parse(text, q, def, &v, err);
    if (rc != MAS_OK)
        fail_msg("'%s' was refused: %s", text, err);
    return v;
}

/* Assert `text` is refused and the message contains `needle`. */
static void parse_bad(const char *text, enum mas_quantity q, const char *def, const char *needle)
{
    char err[MAS_ERR_LEN] = "";
    double v = -12345;
    assert_int_equal(mas_units_parse(text, q, def, &v, err), MAS_EINPUT);
    if (!strstr(err, needle))
        fail_msg("message for '%s' is '%s', expected it to contain '%s'", text, err, needle);
    assert_true(v == -12345);      /* *out untouched on error */
}

#define NEAR(a, b) assert_true(fabs((a) - (b)) <= 1e-12 * fabs(b) + 1e-15)

static void test_time_units(void **state)
{
    (void)state;
    NEAR(parse_ok("24 h", MAS_Q_TIME, "d"), 1.0);
    NEAR(parse_ok("1.5 d", MAS_Q_TIME, "d"), 1.5);
    NEAR(parse_ok("3 days", MAS_Q_TIME, "d"), 3.0);
    NEAR(parse_ok("1 day", MAS_Q_TIME, "d"), 1.0);
    NEAR(parse_ok("2 weeks", MAS_Q_TIME, "d"), 14.0);
    NEAR(parse_ok("1 week", MAS_Q_TIME, "d"), 7.0);
    NEAR(parse_ok("30 min", MAS_Q_TIME, "d"), 30.0 / 1440.0);
    NEAR(parse_ok("90 s", MAS_Q_TIME, "d"), 90.0 / 86400.0);
    NEAR(parse_ok("6 hours", MAS_Q_TIME, "d"), 0.25);
    NEAR(parse_ok("12h", MAS_Q_TIME, "d"), 0.5);           /* no blank needed */
    NEAR(parse_ok("  2.5e1 h  ", MAS_Q_TIME, "d"), 25.0 / 24.0);
    NEAR(parse_ok("-1 d", MAS_Q_TIME, "d"), -1.0);         /* ranges are the caller's */
}

static void test_time_day_n(void **state)
{
    (void)state;
    NEAR(parse_ok("day 3", MAS_Q_TIME, "d"), 3.0);
    NEAR(parse_ok("day 0", MAS_Q_TIME, "h"), 0.0);         /* default unit not used */
    NEAR(parse_ok("day 2.5", MAS_Q_TIME, NULL), 2.5);
    NEAR(parse_ok("day7", MAS_Q_TIME, "d"), 7.0);
    parse_bad("day 3 h", MAS_Q_TIME, "d", "day N");
    parse_bad("day", MAS_Q_TIME, "d", "expected a time");
    parse_bad("day 3", MAS_Q_MASS_KG, "kg", "expected a mass");
}

static void test_bare_number_default_unit(void **state)
{
    (void)state;
    NEAR(parse_ok("5", MAS_Q_TIME, "d"), 5.0);
    NEAR(parse_ok("6", MAS_Q_TIME, "h"), 0.25);
    NEAR(parse_ok("25", MAS_Q_MASS_KG, "kg"), 25.0);
    NEAR(parse_ok("125", MAS_Q_LENGTH_CM, "cm"), 125.0);
    NEAR(parse_ok("0.3", MAS_Q_DIMENSIONLESS, NULL), 0.3);
    parse_bad("5", MAS_Q_TIME, NULL, "a unit is required");
}

static void test_mass_and_length(void **state)
{
    (void)state;
    NEAR(parse_ok("25 kg", MAS_Q_MASS_KG, "kg"), 25.0);
    NEAR(parse_ok("2500 g", MAS_Q_MASS_KG, "kg"), 2.5);
    NEAR(parse_ok("125 cm", MAS_Q_LENGTH_CM, "cm"), 125.0);
    NEAR(parse_ok("1.25 m", MAS_Q_LENGTH_CM, "cm"), 125.0);
    NEAR(parse_ok("1250 mm", MAS_Q_LENGTH_CM, "cm"), 125.0);
}

static void test_dimensionless_percent(void **state)
{
    (void)state;
    NEAR(parse_ok("60%", MAS_Q_DIMENSIONLESS, NULL), 0.6);
    NEAR(parse_ok("5 %", MAS_Q_DIMENSIONLESS, NULL), 0.05);
    parse_bad("60% h", MAS_Q_DIMENSIONLESS, NULL, "not a unit");
    parse_bad("3 kg", MAS_Q_DIMENSIONLESS, NULL, "a mass unit");
}

static void test_wrong_dimension(void **state)
{
    (void)state;
    parse_bad("3 mg", MAS_Q_TIME, "d", "expected a time");
    parse_bad("3 mg", MAS_Q_TIME, "d", "found 'mg'");
    parse_bad("25 cm", MAS_Q_MASS_KG, "kg", "expected a mass (kg, g), found 'cm' (a length unit)");
    parse_bad("2 h", MAS_Q_LENGTH_CM, "cm", "(a time unit)");
    parse_bad("3 m", MAS_Q_TIME, "d", "a length unit");     /* m is metres, not minutes */
    parse_bad("30 mg/kg", MAS_Q_MASS_KG, "kg", "a dose per weight unit");
}

static void test_garbage(void **state)
{
    (void)state;
    parse_bad("", MAS_Q_TIME, "d", "found nothing");
    parse_bad("   ", MAS_Q_TIME, "d", "found nothing");
    parse_bad(NULL, MAS_Q_TIME, "d", "found nothing");
    parse_bad("soon", MAS_Q_TIME, "d", "found 'soon'");
    parse_bad("h", MAS_Q_TIME, "d", "expected a time");
    parse_bad("3 d later", MAS_Q_TIME, "d", "'d later' is not a unit");
    parse_bad("3 fortnights", MAS_Q_TIME, "d", "not a unit");
    parse_bad("1.5.2 d", MAS_Q_TIME, "d", "not a unit");
    parse_bad("3,5 d", MAS_Q_TIME, "d", "not a unit");
    parse_bad("- 3 d", MAS_Q_TIME, "d", "expected a time");
    parse_bad(".", MAS_Q_DIMENSIONLESS, NULL, "expected a plain number");
}

static void test_not_finite(void **state)
{
    (void)state;
    parse_bad("nan", MAS_Q_DIMENSIONLESS, NULL, "found 'nan'");
    parse_bad("NaN d", MAS_Q_TIME, "d", "expected a time");
    parse_bad("inf", MAS_Q_DIMENSIONLESS, NULL, "found 'inf'");
    parse_bad("-infinity", MAS_Q_DIMENSIONLESS, NULL, "expected a plain number");
    parse_bad(".inf", MAS_Q_DIMENSIONLESS, NULL, "expected a plain number");
    parse_bad("1e999 d", MAS_Q_TIME, "d", "out of range");
    parse_bad("0x10", MAS_Q_DIMENSIONLESS, NULL, "not a unit");  /* no hex */
}

/* A comma-decimal locale must not change how "1.5" reads (if one is installed). */
static void test_locale_independent(void **state)
{
    (void)state;
    const char *names[] = { "de_DE.UTF-8", "fr_FR.UTF-8", "de_DE.utf8", NULL };
    const char *set = NULL;
    for (int i = 0; names[i] && !set; i++)
        set = setlocale(LC_NUMERIC, names[i]);
    NEAR(parse_ok("1.5 d", MAS_Q_TIME, "d"), 1.5);
    NEAR(parse_ok("2.5 kg", MAS_Q_MASS_KG, "kg"), 2.5);
    setlocale(LC_NUMERIC, "C");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_units),
        cmocka_unit_test(test_time_day_n),
        cmocka_unit_test(test_bare_number_default_unit),
        cmocka_unit_test(test_mass_and_length),
        cmocka_unit_test(test_dimensionless_percent),
        cmocka_unit_test(test_wrong_dimension),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_not_finite),
        cmocka_unit_test(test_locale_independent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

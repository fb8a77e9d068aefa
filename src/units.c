/*
 * units.c — the one reader of unit-bearing quantities in scenario files
 * ("24 h", "1.5 d", "day 3", "2 weeks", "25 kg", "125 cm", "60%").
 *
 * A quantity is a decimal number, optional blanks, and a unit from the
 * table of its dimension; a time may also be written "day N" (= N d).
 * Numbers are read in the "C" locale whatever the process locale is, and
 * only plain decimal notation is accepted (no hex, no nan/inf).  Results
 * are in the canonical unit of the dimension: days, kg, cm, a fraction.
 * Messages carry no location; the scenario reader prefixes FILE:LINE:COL.
 * The accepted forms are listed in docs/scenarios.md.
 */
#include "units.h"

#include "massim.h"

#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit {
    const char *name;
    enum mas_quantity q;
    double factor;          /* value in the canonical unit of q */
};

/* Canonical units: day, kg, cm, fraction. */
static const struct unit units[] = {
    { "s", MAS_Q_TIME, 1.0 / 86400.0 },  { "sec", MAS_Q_TIME, 1.0 / 86400.0 },
    { "second", MAS_Q_TIME, 1.0 / 86400.0 }, { "seconds", MAS_Q_TIME, 1.0 / 86400.0 },
    { "min", MAS_Q_TIME, 1.0 / 1440.0 }, { "minute", MAS_Q_TIME, 1.0 / 1440.0 },
    { "minutes", MAS_Q_TIME, 1.0 / 1440.0 },
    { "h", MAS_Q_TIME, 1.0 / 24.0 },     { "hr", MAS_Q_TIME, 1.0 / 24.0 },
    { "hour", MAS_Q_TIME, 1.0 / 24.0 },  { "hours", MAS_Q_TIME, 1.0 / 24.0 },
    { "d", MAS_Q_TIME, 1.0 },            { "day", MAS_Q_TIME, 1.0 },
    { "days", MAS_Q_TIME, 1.0 },
    { "week", MAS_Q_TIME, 7.0 },         { "weeks", MAS_Q_TIME, 7.0 },
    { "wk", MAS_Q_TIME, 7.0 },
    { "kg", MAS_Q_MASS_KG, 1.0 },        { "g", MAS_Q_MASS_KG, 1e-3 },
    { "cm", MAS_Q_LENGTH_CM, 1.0 },      { "m", MAS_Q_LENGTH_CM, 100.0 },
    { "mm", MAS_Q_LENGTH_CM, 0.1 },
    { "%", MAS_Q_DIMENSIONLESS, 0.01 },
};

/* Units of other kinds, known only to name the mistake ("a dose unit"). */
static const struct { const char *name, *kind; } foreign[] = {
    { "mg", "a mass" },        { "ug", "a mass" },        { "mcg", "a mass" },
    { "mg/kg", "a dose per weight" }, { "mg/m2", "a dose per body surface" },
    { "mg/m^2", "a dose per body surface" }, { "mL", "a volume" },
    { "ml", "a volume" },      { "L", "a volume" },       { "ng/mL", "a concentration" },
    { "pg/mL", "a concentration" }, { "mg/dL", "a concentration" },
    { "U/L", "an activity" },  { "km", "a length" },      { "lb", "a mass" },
};

static const char *const kind_text[] = {
    [MAS_Q_TIME] = "a time (s, min, h, d, day N, week)",
    [MAS_Q_MASS_KG] = "a mass (kg, g)",
    [MAS_Q_LENGTH_CM] = "a length (cm, m, mm)",
    [MAS_Q_DIMENSIONLESS] = "a plain number (or N%)",
};

static const char *const kind_name[] = {
    [MAS_Q_TIME] = "a time", [MAS_Q_MASS_KG] = "a mass",
    [MAS_Q_LENGTH_CM] = "a length", [MAS_Q_DIMENSIONLESS] = "a fraction",
};

static const struct unit *find_unit(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strlen(units[i].name) == len && memcmp(units[i].name, name, len) == 0)
            return &units[i];
    return NULL;
}

static const char *foreign_kind(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof foreign / sizeof foreign[0]; i++)
        if (strlen(foreign[i].name) == len && memcmp(foreign[i].name, name, len) == 0)
            return foreign[i].kind;
    return NULL;
}

/* Length of the plain decimal number at s ([+-]digits[.digits][e[+-]digits]),
 * or 0 if there is none.  Hex, "nan" and "inf" are not numbers here. */
static size_t scan_number(const char *s)
{
    size_t i = 0, digits = 0;
    if (s[i] == '+' || s[i] == '-')
        i++;
    while (isdigit((unsigned char)s[i]))
        i++, digits++;
    if (s[i] == '.') {
        i++;
        while (isdigit((unsigned char)s[i]))
            i++, digits++;
    }
    if (digits == 0)
        return 0;
    if (s[i] == 'e' || s[i] == 'E') {
        size_t j = i + 1;
        if (s[j] == '+' || s[j] == '-')
            j++;
        if (isdigit((unsigned char)s[j])) {
            while (isdigit((unsigned char)s[j]))
                j++;
            i = j;
        }
    }
    return i;
}

/* strtod of s[0..len) in the "C" locale, so "1.5" never depends on LC_NUMERIC. */
static double c_strtod(const char *s, size_t len)
{
    char buf[64];
    if (len >= sizeof buf)
        return HUGE_VAL;             /* absurdly long: reported as out of range */
    memcpy(buf, s, len);
    buf[len] = '\0';
    locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    locale_t old = c ? uselocale(c) : (locale_t)0;
    double v = strtod(buf, NULL);
    if (c) {
        uselocale(old);
        freelocale(c);
    }
    return v;
}

static int unit_error(const char *text, enum mas_quantity q, const char *u, size_t len,
                      char *err)
{
    const char *other = foreign_kind(u, len);
    const struct unit *known = find_unit(u, len);
    if (known && known->q != q)
        other = kind_name[known->q];
    if (other)
        return mas_fail(err, MAS_EINPUT, "expected %s, found '%.*s' (%s unit)",
                        kind_text[q], (int)len, u, other);
    if (len == 0)
        return mas_fail(err, MAS_EINPUT, "expected %s, found a bare number '%s' "
                        "(a unit is required here)", kind_text[q], text);
    return mas_fail(err, MAS_EINPUT, "expected %s, found '%s' ('%.*s' is not a unit)",
                    kind_text[q], text, (int)len, u);
}

/* Convert `value` given in unit u[0..len) (default_unit if len == 0). */
static int apply_unit(const char *text, enum mas_quantity q, const char *default_unit,
                      double value, const char *u, size_t len, double *out, char *err)
{
    if (len == 0) {
        if (q == MAS_Q_DIMENSIONLESS && !default_unit) {
            *out = value;
            return MAS_OK;
        }
        if (!default_unit)
            return unit_error(text, q, u, 0, err);
        u = default_unit;
        len = strlen(u);
    }
    const struct unit *un = find_unit(u, len);
    if (!un || un->q != q)
        return unit_error(text, q, u, len, err);
    *out = value * un->factor;
    if (!isfinite(*out))
        return mas_fail(err, MAS_EINPUT, "number out of range in '%s'", text);
    return MAS_OK;
}

int mas_units_parse(const char *text, enum mas_quantity q, const char *default_unit,
                    double *out, char *err)
{
    if (!text)
        text = "";
    const char *s = text;
    int day_n = 0;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '\0')
        return mas_fail(err, MAS_EINPUT, "expected %s, found nothing", kind_text[q]);
    if (q == MAS_Q_TIME && strncmp(s, "day", 3) == 0
        && (isspace((unsigned char)s[3]) || isdigit((unsigned char)s[3]))) {
        day_n = 1;                                /* "day 3" = 3 d */
        for (s += 3; isspace((unsigned char)*s); s++)
            ;
    }
    size_t n = scan_number(s);
    if (n == 0)
        return mas_fail(err, MAS_EINPUT, "expected %s, found '%s'", kind_text[q], text);
    double value = c_strtod(s, n);
    if (!isfinite(value))
        return mas_fail(err, MAS_EINPUT, "number out of range in '%s'", text);
    const char *u = s + n;
    while (isspace((unsigned char)*u))
        u++;
    size_t len = strlen(u);
    while (len > 0 && isspace((unsigned char)u[len - 1]))
        len--;
    if (day_n) {
        if (len != 0)
            return mas_fail(err, MAS_EINPUT, "expected 'day N' with nothing after "
                            "the number, found '%s'", text);
        *out = value;
        return MAS_OK;
    }
    return apply_unit(text, q, default_unit, value, u, len, out, err);
}

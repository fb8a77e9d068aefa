/*
 * units.h — the one small reader of unit-bearing quantities in scenarios:
 * "30 mg/kg", "24 h", "day 3", "60 d", "2 weeks", "25 kg", "125 cm".
 * A bare number takes the default unit the caller names.
 * Returns MAS_OK, or MAS_EINPUT with a message (without location: the
 * caller adds FILE:LINE:COL) such as "expected a time (h, d, day N, week),
 * found 'mg'".
 */
#ifndef MAS_UNITS_H
#define MAS_UNITS_H

enum mas_quantity {
    MAS_Q_TIME,          /* result in days: s, min, h, d, day N, week(s) */
    MAS_Q_MASS_KG,       /* result in kg: kg, g */
    MAS_Q_LENGTH_CM,     /* result in cm: cm, m */
    MAS_Q_DIMENSIONLESS, /* a plain number, "%" allowed (divided by 100) */
};

/* Parse `text` as a quantity of kind q; `default_unit` names the unit of a
 * bare number (e.g. "d", "h", "kg", "cm", or NULL if a unit is required). */
int mas_units_parse(const char *text, enum mas_quantity q, const char *default_unit,
                    double *out, char *err);

#endif

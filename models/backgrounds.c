/*
 * backgrounds.c — the patient backgrounds (backgrounds.h): the parameters
 * each one sets before the patient's fields, `parameters:` and --set (which
 * win; run.c applies them), with their source, and the facts the criteria
 * take from it.  The scenario reader accepts exactly these names.
 */
#include "backgrounds.h"

#include <stddef.h>
#include <string.h>

const struct mas_background_def mas_backgrounds[MAS_BG_N] = {
    [MAS_BG_HEALTHY] = {
        .name = "healthy",
        .doc = "no known predisposition",
        .n_presets = 0,
    },
    [MAS_BG_SJIA] = {
        .name = "sjia",
        .doc = "systemic juvenile idiopathic arthritis: IL-6-driven acquired loss of cytotoxicity",
        .presets = {
            {"suppression_max", 0.5, "calibrated: IL-6 lowers NK perforin/granzyme B (mechanism, no fraction: Cifaldi et al., Arthritis Rheumatol 2015;67:3037)"},
            {"il18_priming", 8.0, "calibrated: MAS on sJIA (mas-sjia) ~34,000 pg/mL, inside the IQR 4,212-62,628 pg/mL of sJIA with a history of MAS (Yasin et al., Rheumatology 2020;59:361), against ~4,800 in FHL2; MAS > 10,000 and other HLH > 1,000 pg/mL (systematic review of 14 studies, Krei et al., Clin Exp Immunol 2021;203:174)"},
        },
        .n_presets = 2,
        .sjia = 1,
    },
    [MAS_BG_FHL] = {
        .name = "fhl",
        .doc = "familial HLH: biallelic loss of cytotoxic function",
        .presets = {
            {"cytotoxic_function", 0.02, "biallelic PRF1/UNC13D/STX11"},
        },
        .n_presets = 1,
        .molecular_diagnosis = 1,
    },
    [MAS_BG_CARRIER] = {
        .name = "carrier",
        .doc = "heterozygous carrier of an HLH gene",
        .presets = {
            {"cytotoxic_function", 0.5, "heterozygous FHL variant"},
        },
        .n_presets = 1,
    },
};

_Static_assert(sizeof mas_backgrounds / sizeof mas_backgrounds[0] == MAS_BG_N,
               "one entry per background");

int mas_background_find(const char *name)
{
    for (int b = 0; name && b < MAS_BG_N; b++)
        if (strcmp(mas_backgrounds[b].name, name) == 0)
            return b;
    return -1;
}

const struct mas_background_def *mas_background_def(enum mas_background b)
{
    return (int)b >= 0 && b < MAS_BG_N ? &mas_backgrounds[b] : NULL;
}

"""Independent reference implementation of the massim model, written from
docs/model.md (sections 1-12, with 3.1, and 14) only, without reading the C code.

    import model
    p = {...}                              # parameter name -> value
    y0 = model.rest_state(p)               # numpy vector, order STATES
    dy = model.rhs(t, y0, p)               # right-hand side (also works on
                                           # y of shape (n, k): vectorised)
    obs = model.observables(y, p)          # dict name -> value (or array)

The state vector is ordered as STATES; the names are those of
`massim states`.  Every function below takes the parameters as a dict and
works elementwise, so that y may be a matrix whose columns are states at
several times (used for the finite-difference Jacobian and for observables
along a trajectory).
"""

import math

import numpy as np

STATES = [
    # immune (section 2)
    "pathogen", "flare_trigger", "flare_drive", "apc", "mac_activation", "ctl",
    "ctl_memory", "ctl_exhaustion_onset", "ctl_exhaustion", "nk",
    "cytotoxic_suppression",
    # humoral (section 2.1)
    "plasma_cells", "antibody",
    # cytokines (section 3)
    "il12", "il18", "il18bp", "ifng", "ifng_tissue", "cxcl9", "cxcl10", "il1", "il6", "tnf", "scd25",
    # coagulation (section 4; platelets, thrombopoietin, megakaryocytes 4.1)
    "fibrinogen", "d_dimer", "platelets", "thrombopoietin",
    "megakaryocytes_1", "megakaryocytes_2", "megakaryocytes_3",
    "megakaryocytes_4", "megakaryocytes_5",
    # iron (section 5)
    "hemoglobin", "macrophage_heme", "labile_iron", "storage_iron",
    "ferroportin", "hepcidin", "macrophage_ferritin", "ferritin",
    "plasma_iron", "hepatocyte_iron", "hepatocyte_ferritin", "iron_absorbed",
    "iron_lost",
    # erythron (section 5.1)
    "erythroid_iron_1", "erythroid_iron_2", "erythroid_iron_3",
    "erythroid_iron_4", "reticulocyte_iron",
    # esr (section 6)
    "crp",
    # hematology (section 7)
    "neutrophils", "gcsf", "neutrophil_precursors_1", "neutrophil_precursors_2",
    "neutrophil_precursors_3", "neutrophil_precursors_4", "neutrophil_precursors_5",
    # liver (section 8)
    "liver_injury", "alt", "ast", "ldh", "triglycerides",
    # outcome (section 14): organ dysfunction and the cumulative death hazard
    "organ_dysfunction", "cumulative_hazard",
    # emapalumab (section 12.1)
    "emapalumab_central", "emapalumab_peripheral", "emapalumab_infusion",
    "ifng_bound", "ifng_bound_tissue",
    # glucocorticoids (section 12.2)
    "methylprednisolone_depot", "methylprednisolone",
    "methylprednisolone_infusion", "dexamethasone_depot", "dexamethasone",
    "dexamethasone_infusion", "glucocorticoid_effect_site",
    "glucocorticoid_effect",
    # signalling (section 3.1): what cells sense of IL-1, IL-6, IFN-gamma;
    # free IL-18
    "il1_signal", "il6_signal", "ifng_signal", "il18_free",
]
# One-compartment drugs (sections 12.3-12.7): drug -> its effect state.
ONE_COMPARTMENT = {
    "anakinra": "il1_blockade",
    "tocilizumab": "il6_blockade",
    "ruxolitinib": "jak_blockade",
    "cyclosporine": "calcineurin_blockade",
    "etoposide": "etoposide_kill",
}
for _drug, _effect in ONE_COMPARTMENT.items():
    STATES += [_drug + "_depot", _drug, _drug + "_infusion", _effect]
# HSCT (section 12.8)
STATES += ["hsct_given", "graft_expansion", "donor_chimerism"]
# Blood products (section 12.9): product -> (rate state, given state)
PRODUCTS = {
    "packed_red_cells": ("packed_red_cells_infusion", "packed_red_cells_given"),
    "platelet_concentrate": ("platelet_concentrate_infusion", "platelet_concentrate_given"),
    "cryoprecipitate": ("cryoprecipitate_infusion", "cryoprecipitate_given"),
    "fibrinogen_concentrate": ("fibrinogen_concentrate_infusion", "fibrinogen_concentrate_given"),
}
STATES += [rate for rate, _ in PRODUCTS.values()] + [given for _, given in PRODUCTS.values()]

# Cumulative amounts of section 5: they grow at rest, at the same rate.
CUMULATIVE = ["iron_absorbed", "iron_lost"]

# Signals (section 3.1): state -> the serum state it follows; at rest equal.
SIGNALS = {"il1_signal": "il1", "il6_signal": "il6", "ifng_signal": "ifng"}
# The drug (and procedure) states of section 12: all 0 at rest and, without
# doses, exactly 0 throughout.
DRUG_STATES = [n for n in STATES[STATES.index("emapalumab_central"):]
               if n not in SIGNALS and n != "il18_free"]
IDX = {name: i for i, name in enumerate(STATES)}

OBSERVABLES = [
    "cytotoxic_function_effective", "nk_activity", "fibrinogen_production",
    "fibrinogen_consumption", "tissue_factor", "erythrophagocytosis",
    "heme_iron_flux", "serum_iron", "transferrin_saturation",
    "macrophage_ferritin_loading", "hepatocyte_ferritin_loading",
    "iron_absorption", "iron_loss", "erythropoietin", "reticulocytes",
    "erythropoiesis", "hematocrit", "rouleau_size", "esr_column_limit", "esr", "wbc",
    "temperature", "spleen_size", "liver_size", "hemophagocytosis_index",
    "emapalumab_concentration", "emapalumab_clearance", "ifng_total", "emapalumab_free_sites",
    "emapalumab_free_sites_tissue", "ifng_tissue_neutralised",
    "death_hazard", "survival",
] + [d + "_concentration" for d in ONE_COMPARTMENT] + ["transfused_iron"]

# States whose resting value is a parameter "<state>_baseline" (section 1:
# "Resting levels are parameters ...; the initial state follows them").
BASELINE_STATES = [
    "il12", "il18", "il18bp", "ifng", "cxcl9", "cxcl10", "il1", "il6", "tnf", "scd25",
    "fibrinogen", "d_dimer", "platelets", "thrombopoietin", "hemoglobin", "labile_iron",
    "storage_iron", "hepcidin", "macrophage_ferritin", "ferritin",
    "hepatocyte_iron", "hepatocyte_ferritin", "crp",
    "neutrophils", "gcsf", "alt", "ast", "ldh", "triglycerides",
]
# The maturation chains of sections 4.1 and 7: five compartments each.
N_CHAIN = 5
MEGAKARYOCYTES = ["megakaryocytes_%d" % i for i in range(1, N_CHAIN + 1)]
NEUTROPHIL_PRECURSORS = ["neutrophil_precursors_%d" % i for i in range(1, N_CHAIN + 1)]

def oc_param(drug, what):
    """The seven parameters of a one-compartment drug (section 12.3-12.7):
    X_ic50 / X_emax, except etoposide_ec50 / etoposide_kill_max."""
    if drug == "etoposide" and what == "ic50":
        return "etoposide_ec50"
    if drug == "etoposide" and what == "emax":
        return "etoposide_kill_max"
    return drug + "_" + what


STANDARD_GRAVITY = 9.80665          # m/s^2
LN2 = math.log(2.0)


# ---------------------------------------------------------------- section 1

def h1(x, K):
    """Saturating response x / (x + K)."""
    return x / (x + K)


def h2(x, K):
    """Cooperative response x^2 / (x^2 + K^2)."""
    return x * x / (x * x + K * K)


def dh1(x, x0, K):
    """h1 above the resting level x0, never below 0 (section 1:
    Delta-h = max(0, h(x) - h(x0)); 0 when a drug pushes x under rest)."""
    d = h1(x, K) - h1(x0, K)
    return d * (d > 0)             # max(0, d) for floats and arrays alike


def dh2(x, x0, K):
    """h2 above the resting level x0, never below 0 (section 1)."""
    d = h2(x, K) - h2(x0, K)
    return d * (d > 0)


def k_d(half_life_d):
    """First-order rate (1/day) from a half-life in days."""
    return LN2 / half_life_d


def k_h(half_life_h):
    """First-order rate (1/day) from a half-life in hours."""
    return LN2 / half_life_h * 24.0


# ---------------------------------------------------------------- rest state

def iron_constants(p):
    """The derived constants of section 5 (and 5.1): J_heme,0, Tf0, q (mg
    of iron per ug of ferritin protein), the resting loadings, k_sec, k_sech,
    k_ex, k_s, k_hu, k_hx, l_T, s_M, s_H, k_deg, H0, TSAT0 and k_P."""
    k_rbc = 1.0 / p["rbc_lifespan_d"]
    cBV = p["iron_per_hb"] * p["blood_volume"]
    j0 = cBV * k_rbc * p["hemoglobin_baseline"]
    PV = p["plasma_volume"]
    Tf0 = p["serum_iron_baseline"] * PV / 100.0
    q = p["ferritin_max_iron_atoms"] * 55.845 / (p["ferritin_shell_kda"] * 1e3) * 1e-3
    L0 = p["labile_iron_baseline"]
    St0, Hs0 = p["storage_iron_baseline"], p["hepatocyte_iron_baseline"]
    Ft0, Fh0 = p["macrophage_ferritin_baseline"], p["hepatocyte_ferritin_baseline"]
    thM0, thH0 = St0 / (q * Ft0), Hs0 / (q * Fh0)
    kF = k_h(p["ferritin_half_life_h"])
    fM = p["serum_ferritin_macrophage_share"]
    k_sec = fM * kF * p["ferritin_baseline"] * PV / Ft0
    k_sech = (1.0 - fM) * kF * p["ferritin_baseline"] * PV / Fh0
    k_deg = k_d(p["macrophage_ferritin_half_life_d"])
    phi = p["hepatocyte_iron_share"]
    H0 = p["ho1_km"] * j0 / (p["ho1_vmax"] - j0)
    return {"k_rbc": k_rbc, "cBV": cBV, "j0": j0, "Tf0": Tf0, "q": q,
            "k_sec": k_sec, "k_sech": k_sech, "k_deg": k_deg,
            "k_ex": j0 / L0, "k_s": (k_deg + k_sec) * St0 / (L0 * (1.0 - thM0)),
            "k_hu": phi * j0 / (Tf0 * (1.0 - thH0)), "k_hx": phi * j0 / Hs0,
            "l_T": p["basal_iron_loss"] / Tf0,
            "s_M": (k_deg + k_sec) * Ft0 / (1.0 - Ft0 / p["macrophage_ferritin_max"]),
            "s_H": (k_deg + k_sech) * Fh0 / (1.0 - Fh0 / p["hepatocyte_ferritin_max"]),
            "H0": H0, "TSAT0": 100.0 * p["serum_iron_baseline"] / p["tibc"],
            "k_P": 4.0 / p["erythroid_transit_d"]}


def mk_rest_total(p):
    """MK0 of section 4.1: resting megakaryocyte content of the chain."""
    return p["platelets_baseline"] * p["megakaryocyte_transit_d"] / p["platelet_lifespan_d"]


def rest_state(p):
    """The resting state: immune states 0, baselines from the parameters,
    ferroportin 1, liver injury 0, the derived resting heme H0, the resting
    maturation chains of sections 4.1 and 7, and every drug state of
    section 12 at 0."""
    y = np.zeros(len(STATES))
    for name in BASELINE_STATES:
        y[IDX[name]] = p[name + "_baseline"]
    y[IDX["ferroportin"]] = 1.0
    ic = iron_constants(p)
    y[IDX["macrophage_heme"]] = ic["H0"]
    y[IDX["plasma_iron"]] = ic["Tf0"]
    for i in range(1, 5):
        y[IDX["erythroid_iron_%d" % i]] = ic["j0"] / ic["k_P"]
    y[IDX["reticulocyte_iron"]] = ic["j0"] / (1.0 / p["reticulocyte_maturation_d"] + ic["k_rbc"])
    for name in MEGAKARYOCYTES:                              # section 4.1
        y[IDX[name]] = mk_rest_total(p) / N_CHAIN
    k_N = k_h(p["neutrophil_half_life_h"])                    # section 7
    k_P = N_CHAIN / p["neutrophil_marrow_transit_d"]
    for name in NEUTROPHIL_PRECURSORS:
        y[IDX[name]] = k_N * p["neutrophils_baseline"] / k_P
    for sig, serum in SIGNALS.items():
        y[IDX[sig]] = p[serum + "_baseline"]
    y[IDX["ifng_tissue"]] = p["ifng_tissue_ratio"] * p["ifng_baseline"]   # section 3
    y[IDX["il18_free"]] = free_il18(p["il18_baseline"], p["il18bp_baseline"], p)  # section 3.1
    return y


def free_il18(total, bp, p):
    """Section 3.1: free IL-18 (pg/mL) of total IL-18 (pg/mL) and IL-18BP
    (ng/mL) at 1:1 mass-action equilibrium with K_D il18bp_kd_pm; molar
    concentrations in pM via the molar masses (pg/mL / kDa = pM).  Solved
    here as the positive root of F^2 + (B - L + K) F - K L = 0 in F."""
    L = total / p["il18_molar_mass_kda"]
    B = 1000.0 * bp / p["il18bp_molar_mass_kda"]
    K = p["il18bp_kd_pm"]
    b = B - L + K
    F = 0.5 * (-b + np.sqrt(b * b + 4.0 * K * L))
    return F * p["il18_molar_mass_kda"]


# ---------------------------------------------------------------- helpers

def _unpack(y):
    # a single state vector as Python floats (much faster than numpy
    # scalars); a matrix as rows
    y = np.asarray(y, float)
    if y.ndim == 1 or y.shape[1] == 1:
        return dict(zip(STATES, y.reshape(-1).tolist()))
    return {name: y[i] for i, name in enumerate(STATES)}


def kappa(s, p):
    """Effective cytotoxic function (section 2)."""
    cf = p["cytotoxic_function"]
    cap = cf + (1.0 - cf) * s["donor_chimerism"]          # section 12.8
    return cap * (1.0 - s["cytotoxic_suppression"])


def tissue_factor(s, p):
    """TF of section 4 (IL-1 signal, serum TNF)."""
    return ((dh1(s["tnf"], p["tnf_baseline"], p["tf_tnf_ec50"])
             + dh1(s["il1_signal"], p["il1_baseline"], p["tf_il1_ec50"]))
            * (p["tf_endothelial"] + s["mac_activation"]))


def fibrinogen_rates(s, p):
    """P, C and TF of section 4."""
    kF = k_d(p["fibrinogen_half_life_d"])
    F = s["fibrinogen"]
    TF = tissue_factor(s, p)
    P = kF * p["fibrinogen_baseline"] * (
        1.0 + p["fibrinogen_il6_gain"] * dh1(s["il6_signal"], p["il6_baseline"], p["fibrinogen_il6_ec50"]))
    C = kF * F + p["tf_consumption_per_d"] * TF * F
    return P, C, TF


def heme_flux(s, p, ic):
    """J_heme of section 5."""
    return (ic["cBV"] * (ic["k_rbc"] + p["erythrophagocytosis_per_d"] * s["mac_activation"])
            * s["hemoglobin"])


def serum_iron(s, p):
    """SI = 100 Tf / PV (ug/dL) and TSAT = 100 SI / tibc (%), section 5."""
    si = 100.0 * s["plasma_iron"] / p["plasma_volume"]
    return si, 100.0 * si / p["tibc"]


def marrow(s, p, ic):
    """Section 5.1: EPO, J_ery and J_ery / J_heme,0."""
    EPO0 = p["erythropoietin_baseline"]
    epo = EPO0 * 10.0 ** (p["erythropoietin_hb_slope"] * (p["hemoglobin_baseline"] - s["hemoglobin"]))
    K = (p["erythropoiesis_max_fold"] - 1.0) * EPO0
    drive = h1(epo, K) / h1(EPO0, K)
    sup = ((1.0 - p["erythropoiesis_ifng_suppression"]
            * dh1(s["ifng_signal"], p["ifng_baseline"], p["erythropoiesis_ifng_ec50"]))
           * (1.0 - p["erythropoiesis_tnf_suppression"]
              * dh1(s["tnf"], p["tnf_baseline"], p["erythropoiesis_tnf_ec50"])))
    _, tsat = serum_iron(s, p)
    iron = h2(tsat, p["erythropoiesis_tsat_k"]) / h2(ic["TSAT0"], p["erythropoiesis_tsat_k"])
    rel = drive * sup * iron
    return epo, ic["j0"] * rel, rel


def emapalumab_pk(s, p):
    """Section 12.1: V1, V2, CL, Q, the target-mediated factor f, the
    concentration C (mg/L = ug/mL) and the free binding sites in nM."""
    W = p["body_weight_kg"]
    V1 = p["emapalumab_v1_70kg"] * W / 70.0
    V2 = p["emapalumab_v2_70kg"] * W / 70.0
    CL = p["emapalumab_cl_10kg"] * (W / 10.0) ** 0.75
    Q = p["emapalumab_q_10kg"] * (W / 10.0) ** 0.75
    T = s["ifng"] + s["ifng_bound"]
    f = 1.0 + (np.maximum(T, 0.0) / p["emapalumab_tmdd_ifng"]) ** p["emapalumab_tmdd_exponent"]
    C = s["emapalumab_central"] / V1
    C2 = s["emapalumab_peripheral"] / V2
    nM_per_mg_L = 2.0e6 / (p["emapalumab_mw_kda"] * 1e3)       # two sites per IgG
    nM_per_pg_mL = 1.0 / (p["ifng_mw_kda"] * 1e3)
    C_nM = C * nM_per_mg_L - s["ifng_bound"] * nM_per_pg_mL
    C2_nM = C2 * nM_per_mg_L - s["ifng_bound_tissue"] * nM_per_pg_mL
    return {"V1": V1, "V2": V2, "CL": CL, "Q": Q, "f": f, "C": C, "C_nM": C_nM, "C2_nM": C2_nM}


def organ_target(s, p):
    """D of section 14: the mean of the weighted hepatic, circulatory and
    hemorrhagic injury."""
    K = p["organ_fibrinogen_k"]
    bleed = K / (s["fibrinogen"] + K) - K / (p["fibrinogen_baseline"] + K)
    return (p["organ_weight_liver"] * s["liver_injury"]
            + p["organ_weight_circulation"] * dh1(s["tnf"], p["tnf_baseline"], p["organ_tnf_ec50"])
            + p["organ_weight_hemorrhage"] * bleed * (bleed > 0)) / 3.0


def death_hazard(O, p):
    """h of section 14: h_max * h2(O; K_h)."""
    return p["death_hazard_max"] * h2(O, p["death_hazard_organ_k"])


# ---------------------------------------------------------------- rhs

def rhs(t, y, p):
    """dy/dt for the state vector y (order STATES); y may be (n,) or (n, k)."""
    s = _unpack(y)
    d = {}
    ic = iron_constants(p)

    V, D, A = s["pathogen"], s["flare_drive"], s["apc"]
    M, E, S = s["mac_activation"], s["ctl"], s["cytotoxic_suppression"]
    IL12, IL18, IFNG = s["il12"], s["il18"], s["ifng"]
    CXCL9, CXCL10 = s["cxcl9"], s["cxcl10"]
    IL1, IL6, TNF = s["il1"], s["il6"], s["tnf"]
    # section 3.1: every effect of IL-1, IL-6, IFN-gamma on another quantity
    # uses the signal; Delta-h resting levels stay the serum baselines
    IL1s, IL6s, IFNGs = s["il1_signal"], s["il6_signal"], s["ifng_signal"]
    IL6_0, IL1_0, TNF_0 = p["il6_baseline"], p["il1_baseline"], p["tnf_baseline"]
    IFNG_0, IL18_0 = p["ifng_baseline"], p["il18_baseline"]
    # section 3.1: cells sense free IL-18 (il18_free); its resting value
    IL18f = s["il18_free"]
    IL18f_0 = free_il18(IL18_0, p["il18bp_baseline"], p)

    # -- section 2: immune
    kap = kappa(s, p)
    d["cytotoxic_suppression"] = k_d(p["suppression_half_life_d"]) * (
        p["suppression_max"] * dh1(IL6s, IL6_0, p["suppression_il6_ec50"]) - S)
    d["pathogen"] = (p["pathogen_growth_per_d"] * V * h1(V, p["pathogen_allee"])
                     * (1.0 - V / p["pathogen_capacity"])
                     - p["pathogen_kill_per_d"] * kap * E * V
                     - p["pathogen_innate_clearance_per_d"] * V
                     - p["antibody_neutralisation_per_d"] * s["antibody"] * V)
    # -- section 2.1: humoral response, perforin-independent
    Bp = s["plasma_cells"]
    d["plasma_cells"] = (p["plasma_expansion_per_d"] * h1(V, p["plasma_pathogen_ec50"])
                         * (Bp + p["plasma_precursor"]) * (1.0 - Bp)
                         - p["plasma_contraction_per_d"] * Bp)
    d["antibody"] = (p["antibody_production_per_d"] * Bp
                     - k_d(p["antibody_half_life_d"]) * s["antibody"])
    # the flare (section 2): the trigger u, a share sustained by the IL-1 signal
    d["flare_trigger"] = 0.0 * D
    x1 = np.maximum(IL1s - IL1_0, 0.0)
    sustain = (1.0 - p["flare_il1_share"]) + p["flare_il1_share"] * x1 / (x1 + p["flare_il1_ec50"])
    d["flare_drive"] = k_d(p["flare_half_life_d"]) * (s["flare_trigger"] * sustain - D)
    act = (p["apc_activation_pathogen_per_d"] * h1(V, p["apc_pathogen_ec50"])
           + p["apc_activation_flare_per_d"] * D
           + p["apc_activation_ifng_per_d"] * dh2(IFNGs, IFNG_0, p["apc_ifng_ec50"]))
    d["apc"] = act * (1.0 - A) - (p["apc_death_per_d"] + p["apc_kill_per_d"] * kap * E) * A
    d["mac_activation"] = (p["mac_activation_per_d"] * dh2(IFNGs, IFNG_0, p["mac_ifng_ec50"])
                           * (1.0 - M) - p["mac_deactivation_per_d"] * M)
    help_ = ((1.0 + p["ctl_il12_gain"] * h1(IL12, p["ctl_il12_ec50"])
              + p["ctl_il18_gain"] * h1(IL18f, p["ctl_il18_ec50"]))
             * (1.0 + p["ctl_cxcl9_gain"] * h1(CXCL9 + CXCL10, p["ctl_cxcl9_ec50"])))
    G = s["glucocorticoid_effect"]                 # section 12.2
    bC = s["calcineurin_blockade"]                 # section 12.6
    k_etop = s["etoposide_kill"]                   # section 12.7
    # section 2: expansion R from precursors and memory W, exhaustion X
    W, X1, X = s["ctl_memory"], s["ctl_exhaustion_onset"], s["ctl_exhaustion"]
    gA = h2(A, p["ctl_apc_ec50"])
    R = ((1.0 - G) * (1.0 - bC) * (1.0 - X) * p["ctl_expansion_per_d"] * gA
         * help_ * (1.0 - E))
    d["ctl"] = R * (E + p["ctl_precursor"] + W) - (p["ctl_contraction_per_d"] + k_etop) * E
    d["ctl_memory"] = (p["ctl_memory_share"] * p["ctl_contraction_per_d"] * E * (1.0 - gA)
                       - R * W - k_d(p["ctl_memory_half_life_d"]) * W)
    kX = k_d(p["ctl_exhaustion_half_life_d"])
    d["ctl_exhaustion_onset"] = kX * (p["ctl_exhaustion_max"] * h2(A, p["ctl_exhaustion_apc_ec50"]) - X1)
    d["ctl_exhaustion"] = kX * (X1 - X)
    # NK cells (section 2): innate, IL-18 with IL-12, within hours
    NK = s["nk"]
    d["nk"] = k_h(p["nk_half_life_h"]) * (
        0.5 * dh1(IL18f, IL18f_0, p["nk_il18_ec50"]) * (1.0 + h1(IL12, p["nk_il12_ec50"])) - NK)

    # -- section 3: cytokines, dX/dt = k(X_half_life_h) (target - X)
    # For IL-12, IL-18, IFN-gamma, IL-1, IL-6, TNF the production above
    # rest is multiplied by (1 - G) (section 3, section 12.2).
    g = 1.0 - G
    targets = {
        "il12": p["il12_baseline"] + g * p["il12_production"] * (A + M),
        "il18": IL18_0 + g * (p["il18_production"] * (1.0 + p["il18_priming"]) * (A + M)
                              + p["il18_flare"] * D),
        # IFN-gamma is made in the tissue (ifng_tissue, R times the
        # serum-equivalent); serum follows tissue / R (below)
        "ifng_tissue": p["ifng_tissue_ratio"] * (IFNG_0
                 + g * ((1.0 - bC) * (1.0 - X * X) * p["ifng_production"] * E
                        * (1.0 + p["ifng_il18_gain"] * h1(IL18f, p["ifng_il18_ec50"]))
                        + p["nk_ifng_production"] * NK)),
        "ifng": s["ifng_tissue"] / p["ifng_tissue_ratio"],
        "cxcl9": p["cxcl9_baseline"] + p["cxcl9_production"] * M,
        "cxcl10": p["cxcl10_baseline"] + p["cxcl10_production"] * M,
        "il1": IL1_0 + g * (p["il1_production"] * (A + M) + p["il1_flare"] * D),
        "il6": IL6_0 + g * (p["il6_from_macrophages"] * M
                            + p["il6_from_il1"] * dh1(IL1s, IL1_0, p["il6_il1_ec50"])),
        "tnf": TNF_0 + g * (p["tnf_from_macrophages"] * M + p["tnf_from_ctl"] * E),
        "scd25": p["scd25_baseline"] + p["scd25_production"] * E,
    }
    # IL-18BP, induced by the IFN-gamma signal (section 3)
    targets["il18bp"] = p["il18bp_baseline"] + p["il18bp_from_ifng"] * dh1(IFNGs, IFNG_0, p["il18bp_ifng_ec50"])
    for name, target in targets.items():
        d[name] = k_h(p[name + "_half_life_h"]) * (target - s[name])

    # -- section 12.1: emapalumab; binding removes free IFN-gamma in serum
    # and in the tissue (peripheral compartment); the complex moves and is
    # cleared with the antibody
    pk = emapalumab_pk(s, p)
    A1, A2 = s["emapalumab_central"], s["emapalumab_peripheral"]
    Bs, Bt = s["ifng_bound"], s["ifng_bound_tissue"]
    k_el = pk["CL"] * pk["f"] / pk["V1"]
    bind = p["emapalumab_kon"] * pk["C_nM"] * IFNG - p["emapalumab_koff"] * Bs
    bind_t = p["emapalumab_kon"] * pk["C2_nM"] * s["ifng_tissue"] - p["emapalumab_koff"] * Bt
    d["emapalumab_central"] = (s["emapalumab_infusion"] - k_el * A1
                               - pk["Q"] / pk["V1"] * A1 + pk["Q"] / pk["V2"] * A2)
    d["emapalumab_peripheral"] = pk["Q"] / pk["V1"] * A1 - pk["Q"] / pk["V2"] * A2
    d["emapalumab_infusion"] = 0.0 * A1
    d["ifng_bound"] = bind - k_el * Bs + pk["Q"] / pk["V1"] * (Bt - Bs)
    d["ifng_bound_tissue"] = bind_t + pk["Q"] / pk["V2"] * (Bs - Bt)
    d["ifng"] = d["ifng"] - bind
    d["ifng_tissue"] = d["ifng_tissue"] - bind_t

    # -- section 12.2: glucocorticoids
    W = p["body_weight_kg"]
    k_a = p["glucocorticoid_oral_ka"]
    F_oral = p["glucocorticoid_oral_bioavailability"]
    for drug in ("methylprednisolone", "dexamethasone"):
        depot = s[drug + "_depot"]
        d[drug + "_depot"] = -k_a * depot
        d[drug] = (F_oral * k_a * depot + s[drug + "_infusion"]
                   - k_h(p[drug + "_half_life_h"]) * s[drug])
        d[drug + "_infusion"] = 0.0 * depot
    # section 12.2: dexamethasone counted by its dose equivalence on exposure
    w_dx = (p["dexamethasone_potency"] * k_h(p["dexamethasone_half_life_h"])
            / k_h(p["methylprednisolone_half_life_h"]))
    C_eq = (s["methylprednisolone"] + w_dx * s["dexamethasone"]) / (p["methylprednisolone_volume"] * W)
    k_e0 = k_h(p["glucocorticoid_effect_half_life_h"])
    Ce = s["glucocorticoid_effect_site"]
    d["glucocorticoid_effect_site"] = k_e0 * (C_eq - Ce)
    d["glucocorticoid_effect"] = k_e0 * (p["glucocorticoid_emax"] * h1(Ce, p["glucocorticoid_ec50"]) - G)

    # -- sections 12.3-12.7: one-compartment drugs and their effect states
    for drug, effect in ONE_COMPARTMENT.items():
        depot = s[drug + "_depot"]
        k_a_x = p[oc_param(drug, "ka")]
        d[drug + "_depot"] = -k_a_x * depot
        d[drug] = (p[oc_param(drug, "bioavailability")] * k_a_x * depot
                   + s[drug + "_infusion"] - k_h(p[oc_param(drug, "half_life_h")]) * s[drug])
        d[drug + "_infusion"] = 0.0 * depot
        C_x = s[drug] / (p[oc_param(drug, "volume")] * W)
        d[effect] = k_h(p[oc_param(drug, "effect_half_life_h")]) * (
            p[oc_param(drug, "emax")] * h1(C_x, p[oc_param(drug, "ic50")]) - s[effect])

    # -- section 3.1: signals
    k_s = k_h(p["signal_half_life_h"])
    b1, b6, bJ = s["il1_blockade"], s["il6_blockade"], s["jak_blockade"]
    d["il1_signal"] = k_s * (IL1 * (1.0 - b1) - IL1s)
    d["il6_signal"] = k_s * (IL6 * (1.0 - b6) * (1.0 - bJ) - IL6s)
    d["ifng_signal"] = k_s * (s["ifng_tissue"] / p["ifng_tissue_ratio"] * (1.0 - bJ) - IFNGs)
    d["il18_free"] = k_s * (free_il18(IL18, s["il18bp"], p) - IL18f)

    # -- section 12.8: HSCT
    k_g = 2.0 / p["hsct_engraftment_days"]
    d["hsct_given"] = 0.0 * s["hsct_given"]
    d["graft_expansion"] = k_g * (s["hsct_given"] - s["graft_expansion"])
    d["donor_chimerism"] = k_g * (s["graft_expansion"] - s["donor_chimerism"])

    # -- section 4: coagulation
    F = s["fibrinogen"]
    P, C, TF = fibrinogen_rates(s, p)
    d["fibrinogen"] = P - C
    b = p["fibrinogen_basal_coagulation"]
    k_dd = k_h(p["d_dimer_half_life_h"])
    y_D = p["d_dimer_baseline"] * k_dd / (b * p["fibrinogen_baseline"])
    d["d_dimer"] = (y_D * (b * F + p["tf_consumption_per_d"] * TF * F)
                    - k_dd * s["d_dimer"])

    # -- section 4.1: platelets, thrombopoietin, megakaryocyte chain
    PLT, TPO = s["platelets"], s["thrombopoietin"]
    PLT0, TPO0, L_P = p["platelets_baseline"], p["thrombopoietin_baseline"], p["platelet_lifespan_d"]
    f_ns, w = p["thrombopoietin_nonspecific_fraction"], p["thrombopoietin_megakaryocyte_share"]
    MK = [s[n] for n in MEGAKARYOCYTES]
    R = (1.0 - w) * PLT / PLT0 + w * sum(MK) / mk_rest_total(p)
    k_T = k_h(p["thrombopoietin_half_life_h"])
    d["thrombopoietin"] = (k_T * TPO0 * (1.0 + p["thrombopoietin_il6_gain"]
                                         * dh1(IL6s, IL6_0, p["thrombopoietin_il6_ec50"]))
                           - k_T * (f_ns + (1.0 - f_ns) * R) * TPO)
    K_MK = p["megakaryopoiesis_tpo_ec50"]
    D_T = h1(TPO, K_MK) / h1(TPO0, K_MK)
    sup_p = 1.0 - p["platelet_ifng_suppression"] * dh1(IFNGs, IFNG_0, p["platelet_ifng_ec50"])
    k_MK = N_CHAIN / p["megakaryocyte_transit_d"]
    inflow = PLT0 / L_P * D_T * sup_p
    for i, name in enumerate(MEGAKARYOCYTES):
        d[name] = (inflow if i == 0 else k_MK * MK[i - 1]) - k_MK * MK[i]
    d["platelets"] = (k_MK * MK[-1] - PLT / L_P
                      - (p["platelet_hemophagocytosis_per_d"] * M
                         + p["platelet_consumption_per_d"] * TF) * PLT)

    # -- section 5: iron (closed balance), 5.1: erythron
    Hb, H, L = s["hemoglobin"], s["macrophage_heme"], s["labile_iron"]
    St, Fpn, Hep = s["storage_iron"], s["ferroportin"], s["hepcidin"]
    Ft, Fer = s["macrophage_ferritin"], s["ferritin"]
    Tf, Hs, Fh = s["plasma_iron"], s["hepatocyte_iron"], s["hepatocyte_ferritin"]
    e = p["erythrophagocytosis_per_d"]
    _, J_ery, _ = marrow(s, p, ic)
    k_P = ic["k_P"]
    J_out = k_P * s["erythroid_iron_4"]
    d["erythroid_iron_1"] = J_ery - k_P * s["erythroid_iron_1"]
    for i in range(2, 5):
        d["erythroid_iron_%d" % i] = k_P * (s["erythroid_iron_%d" % (i - 1)] - s["erythroid_iron_%d" % i])
    d["reticulocyte_iron"] = J_out - (1.0 / p["reticulocyte_maturation_d"] + ic["k_rbc"] + e * M) * s["reticulocyte_iron"]
    d["hemoglobin"] = J_out / ic["cBV"] - (ic["k_rbc"] + e * M) * Hb
    J = heme_flux(s, p, ic)
    ho1 = p["ho1_vmax"] * h1(H, p["ho1_km"])
    d["macrophage_heme"] = J - ho1
    q = ic["q"]
    thM, thH = St / (q * Ft), Hs / (q * Fh)
    r_M = ic["k_deg"] + ic["k_sec"] * (1.0 + p["ferritin_secretion_gain"] * M) + p["ferritin_leak_per_d"] * M
    stored = ic["k_s"] * L * (1.0 - thM)
    d["labile_iron"] = ho1 - ic["k_ex"] * Fpn * L - stored + r_M * St
    d["storage_iron"] = stored - r_M * St
    Hep0, Kh = p["hepcidin_baseline"], p["hepcidin_ferroportin_k"]
    d["ferroportin"] = p["ferroportin_turnover_per_d"] * ((1.0 + Hep0 / Kh) - (1.0 + Hep / Kh) * Fpn)
    d["hepcidin"] = k_h(p["hepcidin_half_life_h"]) * (
        Hep0 * (1.0 + p["hepcidin_il6_gain"] * dh1(IL6s, IL6_0, p["hepcidin_il6_ec50"])) - Hep)
    uptake = ic["k_hu"] * Tf * (1.0 - thH)
    h_export = ic["k_hx"] * Fpn * Hs
    a_abs = p["basal_iron_loss"] * Fpn
    d["plasma_iron"] = ic["k_ex"] * Fpn * L + h_export + a_abs - uptake - ic["l_T"] * Tf - J_ery
    d["hepatocyte_iron"] = uptake - h_export
    d["iron_absorbed"] = a_abs
    d["iron_lost"] = ic["l_T"] * Tf
    T = 1.0 + 0.5 * p["ferritin_transcription_gain"] * (
        dh1(TNF, TNF_0, p["ferritin_tnf_ec50"]) + dh1(IL1s, IL1_0, p["ferritin_il1_ec50"]))
    K_ire = p["ferritin_ire_k"]
    syn_M = (ic["s_M"] * (h2(L, K_ire) / h2(p["labile_iron_baseline"], K_ire)) * T
             * (1.0 + p["ferritin_macrophage_gain"] * M) * (1.0 - Ft / p["macrophage_ferritin_max"]))
    d["macrophage_ferritin"] = syn_M - r_M * Ft
    IL_ = s["liver_injury"]
    r_H = ic["k_deg"] + ic["k_sech"] + p["hepatocyte_ferritin_leak_per_d"] * IL_
    syn_H = (ic["s_H"] * (Hs / p["hepatocyte_iron_baseline"]) * T
             * (1.0 - Fh / p["hepatocyte_ferritin_max"]))
    d["hepatocyte_ferritin"] = syn_H - r_H * Fh
    d["ferritin"] = (((ic["k_sec"] * (1.0 + p["ferritin_secretion_gain"] * M) + p["ferritin_leak_per_d"] * M) * Ft
                      + (ic["k_sech"] + p["hepatocyte_ferritin_leak_per_d"] * IL_) * Fh) / p["plasma_volume"]
                     - k_h(p["ferritin_half_life_h"]) * Fer)

    # -- section 6: CRP
    d["crp"] = k_h(p["crp_half_life_h"]) * (
        p["crp_baseline"] + p["crp_max"] * dh1(IL6s, IL6_0, p["crp_il6_ec50"]) - s["crp"])

    # -- section 7: neutrophils, G-CSF, the postmitotic marrow chain
    ANC, Gc = s["neutrophils"], s["gcsf"]
    ANC0, G0 = p["neutrophils_baseline"], p["gcsf_baseline"]
    k_N = k_h(p["neutrophil_half_life_h"])
    k_G = k_h(p["gcsf_half_life_h"])
    s_G = p["gcsf_neutrophil_clearance_share"]
    d["gcsf"] = (k_G * G0 * (1.0 + 0.5 * p["gcsf_gain"] * (
                     dh1(IL1s, IL1_0, p["gcsf_il1_ec50"]) + dh1(IL6s, IL6_0, p["gcsf_il6_ec50"])))
                 - k_G * ((1.0 - s_G) + s_G * ANC / ANC0) * Gc)
    K_GN = p["granulopoiesis_gcsf_ec50"]
    D_G = h1(Gc, K_GN) / h1(G0, K_GN)
    A_N = 1.0 + p["neutrophil_transit_gcsf_speedup"] * dh1(Gc, G0, K_GN)
    sup_n = 1.0 - p["neutrophil_ifng_suppression"] * dh1(IFNGs, IFNG_0, p["neutrophil_ifng_ec50"])
    k_P = N_CHAIN / p["neutrophil_marrow_transit_d"]
    NP = [s[n] for n in NEUTROPHIL_PRECURSORS]
    for i, name in enumerate(NEUTROPHIL_PRECURSORS):
        d[name] = ((k_N * ANC0 * D_G * sup_n) if i == 0 else k_P * A_N * NP[i - 1]) - k_P * A_N * NP[i]
    d["neutrophils"] = (k_P * A_N * NP[-1] - k_N * ANC
                        - p["neutrophil_hemophagocytosis_per_d"] * M * ANC)

    # -- section 8: liver
    IL = s["liver_injury"]
    d["liver_injury"] = k_h(p["liver_injury_half_life_h"]) * (
        p["liver_injury_tnf"] * dh1(TNF, TNF_0, p["liver_injury_tnf_ec50"])
        + p["liver_injury_macrophages"] * M - IL)
    d["alt"] = k_h(p["alt_half_life_h"]) * (p["alt_baseline"] + p["alt_release"] * IL - s["alt"])
    d["ast"] = k_h(p["ast_half_life_h"]) * (
        p["ast_baseline"] + p["ast_release_liver"] * IL
        + p["ast_release_extrahepatic"] * M - s["ast"])
    d["ldh"] = k_h(p["ldh_half_life_h"]) * (
        p["ldh_baseline"] + p["ldh_release_liver"] * IL + p["ldh_release_tissue"] * M - s["ldh"])
    lpl = 1.0 + p["lpl_tnf_inhibition"] * dh1(TNF, TNF_0, p["lpl_tnf_ec50"])
    d["triglycerides"] = k_h(p["triglyceride_half_life_h"]) * (
        p["triglycerides_baseline"] - s["triglycerides"] / lpl)

    # -- section 12.9: blood products, r_x = R_x / W (per kg per day)
    r = {prod: s[rate] / W for prod, (rate, _) in PRODUCTS.items()}
    for prod, (rate, given) in PRODUCTS.items():
        d[rate] = 0.0 * s[rate]
        d[given] = r[prod]
    d["hemoglobin"] = d["hemoglobin"] + p["red_cell_hb_increment"] * r["packed_red_cells"]
    d["platelets"] = d["platelets"] + (p["platelet_concentrate_count"] * p["platelet_recovery"]
                                       / (100.0 * p["blood_volume"]) * r["platelet_concentrate"])
    d["fibrinogen"] = d["fibrinogen"] + p["fibrinogen_increment"] * (
        p["cryoprecipitate_fibrinogen"] * r["cryoprecipitate"] + r["fibrinogen_concentrate"])

    # -- section 14: organ dysfunction and the death hazard
    O = s["organ_dysfunction"]
    d["organ_dysfunction"] = k_d(p["organ_dysfunction_half_life_d"]) * (organ_target(s, p) - O)
    d["cumulative_hazard"] = death_hazard(O, p)

    y = np.asarray(y)
    if y.ndim == 1 or y.shape[1] == 1:
        return np.array([d[name] for name in STATES], float).reshape(y.shape)
    return np.array([d[name] + 0.0 * y[0] for name in STATES])


# ---------------------------------------------------------------- observables

def esr_westergren(fibrinogen, hematocrit, p, igg=None):
    """Section 6: (N, D, ESR) for fibrinogen (mg/dL) and the blood's
    hematocrit (%); igg (g/L) defaults to the parameter immunoglobulin_g.
    Elementwise on arrays."""
    G = p["immunoglobulin_g"] if igg is None else igg
    F = np.maximum(fibrinogen, 0.0)
    phi = p["westergren_dilution"] * np.clip(np.asarray(hematocrit) / 100.0, 0.0, 1.0)
    q = p["rouleau_exponent"]
    N = 1.0 + (F / p["rouleau_fibrinogen_scale"]) ** q + (G / p["rouleau_igg_scale"]) ** q
    r_cell = (3.0 * p["rbc_volume_fl"] * 1e-18 / (4.0 * math.pi)) ** (1.0 / 3.0)
    r = r_cell * N ** (1.0 / 3.0)
    v = (2.0 / 9.0) * (p["rbc_density"] - p["plasma_density"]) * STANDARD_GRAVITY * r * r / p["plasma_viscosity"]
    u = v * (1.0 - phi) ** p["hindered_settling_exponent"] * 1000.0 * 3600.0   # mm in 1 h
    D = p["westergren_column_mm"] * (1.0 - phi)
    m = p["esr_packing_sharpness"]
    return N, D, u / (1.0 + (u / D) ** m) ** (1.0 / m)


def observables(y, p):
    """Observables (sections 2, 4, 5, 6, 7, 9, 12.1, 14) of the state y (order STATES);
    y may be (n,) or (n, k).  Returns a dict name -> value or array."""
    s = _unpack(y)
    ic = iron_constants(p)
    o = {}
    kap = kappa(s, p)
    o["cytotoxic_function_effective"] = kap
    o["nk_activity"] = 100.0 * kap
    P, C, TF = fibrinogen_rates(s, p)
    o["fibrinogen_production"] = P
    o["fibrinogen_consumption"] = C
    o["tissue_factor"] = TF
    M = s["mac_activation"]
    o["erythrophagocytosis"] = p["erythrophagocytosis_per_d"] * M * s["hemoglobin"]
    o["heme_iron_flux"] = heme_flux(s, p, ic)
    o["serum_iron"], o["transferrin_saturation"] = serum_iron(s, p)
    o["macrophage_ferritin_loading"] = s["storage_iron"] / (ic["q"] * s["macrophage_ferritin"])
    o["hepatocyte_ferritin_loading"] = s["hepatocyte_iron"] / (ic["q"] * s["hepatocyte_ferritin"])
    o["iron_absorption"] = p["basal_iron_loss"] * s["ferroportin"]
    o["iron_loss"] = ic["l_T"] * s["plasma_iron"]
    # section 5.1
    o["erythropoietin"], _, o["erythropoiesis"] = marrow(s, p, ic)
    o["reticulocytes"] = 100.0 * s["reticulocyte_iron"] / (ic["cBV"] * s["hemoglobin"])

    # section 6: ESR by Stokes' law, hindered settling, bounded by the column
    hct = s["hemoglobin"] * p["hematocrit_per_hemoglobin"]
    o["hematocrit"] = hct
    o["rouleau_size"], o["esr_column_limit"], o["esr"] = esr_westergren(s["fibrinogen"], hct, p)

    # section 7
    o["wbc"] = s["neutrophils"] + p["other_leukocytes"]

    # section 9
    pyrogen = np.maximum(0.0,
                         dh1(s["il6_signal"], p["il6_baseline"], p["fever_il6_ec50"])
                         + p["fever_direct_weight"] * (dh1(s["il1_signal"], p["il1_baseline"], p["fever_il1_ec50"])
                                                       + dh1(s["tnf"], p["tnf_baseline"], p["fever_tnf_ec50"])))
    o["temperature"] = p["temperature_rest"] + p["fever_max"] * h1(pyrogen, p["fever_half_max"])
    o["spleen_size"] = 1.0 + p["spleen_gain"] * (
        s["apc"] + M + s["ctl"] + p["spleen_flare_weight"] * s["flare_drive"]) / 3.0
    o["liver_size"] = 1.0 + p["liver_gain"] * (
        s["apc"] + M + s["ctl"] + p["spleen_flare_weight"] * s["flare_drive"]) / 3.0
    o["hemophagocytosis_index"] = M + 0.0 * kap

    # section 12.1
    pk = emapalumab_pk(s, p)
    o["emapalumab_concentration"] = pk["C"]
    o["emapalumab_clearance"] = pk["CL"] * pk["f"]
    o["ifng_total"] = s["ifng"] + s["ifng_bound"]
    o["emapalumab_free_sites"] = pk["C_nM"]
    o["emapalumab_free_sites_tissue"] = pk["C2_nM"]
    Gt, Bt = s["ifng_tissue"], s["ifng_bound_tissue"]
    o["ifng_tissue_neutralised"] = np.where(Gt + Bt > 0.0, 100.0 * Bt / np.maximum(Gt + Bt, 1e-300), 0.0)
    # section 14
    o["death_hazard"] = death_hazard(s["organ_dysfunction"], p)
    o["survival"] = np.exp(-np.asarray(s["cumulative_hazard"], float))
    # sections 12.3-12.7
    for drug in ONE_COMPARTMENT:
        o[drug + "_concentration"] = s[drug] / (p[oc_param(drug, "volume")] * p["body_weight_kg"])
    # section 12.9
    o["transfused_iron"] = (p["red_cell_hb_increment"] * s["packed_red_cells_given"]
                            * p["blood_volume"] * p["iron_per_hb"])
    return o

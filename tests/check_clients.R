# check_clients.R — a massim file read by R's hdf5r (tests/t_clients.sh).
#   Rscript tests/check_clients.R FILE LABEL
# Every dataset read whole; for each group, the first dataset with a
# `units` attribute gives its first value and units.  A dataset of no
# rows (the /warnings table of a run without warnings) is not read:
# hdf5r 1.3 fails on an empty string dataset (its H5Dvlen_reclaim gets
# no buffer), so R users check d$dims first (docs/output.md).  One "ok - ..." or
# "not ok - ..." line per group.
suppressPackageStartupMessages(library(hdf5r))
args <- commandArgs(trailingOnly = TRUE)
path <- args[1]
label <- args[2]
f <- H5File$new(path, mode = "r")
all <- f$ls(recursive = TRUE)
groups <- c("/", paste0("/", all$name[all$obj_type == "H5I_GROUP"]))
for (g in groups) {
  res <- tryCatch({
    grp <- if (g == "/") f else f[[substring(g, 2)]]
    items <- grp$ls()
    sets <- items$name[items$obj_type == "H5I_DATASET"]
    probe <- ""
    for (s in sets) {
      d <- grp[[s]]
      if (prod(d$dims) == 0) {
        d$close()
        next
      }
      v <- d$read()
      if (probe == "" && d$attr_exists("units") && length(v) > 0)
        probe <- sprintf(", %s[1] = %s %s", s, format(v[[1]]), h5attr(d, "units"))
      d$close()
    }
    sprintf("ok - %s: hdf5r reads %s (%d datasets%s)", label, g, length(sets), probe)
  }, error = function(e) sprintf("not ok - %s: hdf5r on %s: %s", label, g, conditionMessage(e)))
  cat(res, "\n", sep = "")
}
f$close_all()

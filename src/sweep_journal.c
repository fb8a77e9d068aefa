/*
 * sweep_journal.c — the durable record of a sweep in progress: OUT.journal,
 * a 4096-byte text header that identifies the sweep (scenario hash, runs,
 * record layout) and ends with its own checksum, followed by fixed-size
 * records in run order, each with a checksum.  A killed sweep leaves at
 * worst a torn last record, which --resume cuts off; the runs after the
 * last valid record are computed again, and so is a damaged record before
 * it (a hole), the valid ones after it being kept.  A damaged header is
 * told apart from another sweep's.  The file is locked (fcntl) while a
 * sweep writes it, and a live journal is never offered for deletion.
 */
#include "sweep.h"
#include "massim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HEADER_LEN 4096
#define BUF_LEN (256 * 1024)

struct mas_journal {
    const struct mas_sweep_plan *p;
    char *path;
    int fd;
    char *buf;                 /* records not yet written */
    size_t used;
    uint64_t *holes;           /* damaged records found on --resume (indices) */
    size_t n_holes;
};

/* The header: what identifies the sweep, then a check line (FNV-1a 64 of
 * everything before it), so that a damaged header is told apart from the
 * header of another sweep. */
static void header(const struct mas_sweep_plan *p, char *h)
{
    memset(h, 0, HEADER_LEN);
    int n = snprintf(h, HEADER_LEN,
             "massim sweep journal 2\nscenario_hash=%016llx\nn_total=%llu\nfirst=%llu\n"
             "count=%llu\nn_axes=%zu\nn_metrics=%d\nn_traj=%d\nn_traj_times=%zu\n"
             "record_size=%zu\n",
             (unsigned long long)p->scenario_hash, (unsigned long long)p->n_total,
             (unsigned long long)p->first, (unsigned long long)p->count, p->design->n_axes,
             p->n_metrics, p->n_traj, p->n_traj_times, p->record_size);
    snprintf(h + n, HEADER_LEN - (size_t)n, "check=%016llx\n",
             (unsigned long long)mas_fnv1a64(h, (size_t)n, MAS_FNV_OFFSET));
}

/* 1 if h is an intact header (of any sweep): its check line matches. */
static int header_intact(const char *h)
{
    const char *c = memchr(h, '\0', HEADER_LEN) ? strstr(h, "check=") : NULL;
    if (!c || strncmp(h, "massim sweep journal ", 21) != 0)
        return 0;
    unsigned long long want = 0;
    if (sscanf(c, "check=%16llx", &want) != 1)
        return 0;
    for (size_t i = (size_t)(c - h) + 23; i < HEADER_LEN; i++)
        if (h[i] != '\0')
            return 0;
    return mas_fnv1a64(h, (size_t)(c - h), MAS_FNV_OFFSET) == want;
}

static int write_all(int fd, const char *b, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, b, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        b += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Lock the journal for this sweep; a running sweep holds it: say so, and
 * never suggest removing a live journal. */
static int lock(struct mas_journal *j, char *err)
{
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    if (fcntl(j->fd, F_SETLK, &fl) == 0)
        return MAS_OK;
    struct flock who = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    if (fcntl(j->fd, F_GETLK, &who) == 0 && who.l_type != F_UNLCK)
        return mas_fail(err, MAS_EINPUT, "%s: a running massim sweep (process %ld) is writing "
                        "it; wait for that sweep or stop it (it can be resumed)", j->path,
                        (long)who.l_pid);
    return mas_fail(err, MAS_EINPUT, "%s: a running massim sweep is writing it; wait for that "
                    "sweep or stop it (it can be resumed)", j->path);
}

/* Keep every complete, valid record; those after the last valid one are a
 * torn tail and are cut off; a damaged one before it (a flipped bit) is a
 * hole, computed again (mas_journal_holes), and the valid ones after it
 * are kept. */
static int recover(struct mas_journal *j, uint64_t *done, char *err)
{
    const struct mas_sweep_plan *p = j->p;
    struct stat st;
    if (fstat(j->fd, &st) != 0)
        return mas_fail(err, MAS_EIO, "%s: %s", j->path, strerror(errno));
    uint64_t present = st.st_size > HEADER_LEN
                     ? (uint64_t)(st.st_size - HEADER_LEN) / p->record_size : 0;
    if (present > p->count)
        present = p->count;
    char *rec = malloc(p->record_size);
    if (!rec)
        return mas_fail(err, MAS_EIO, "out of memory");
    uint64_t end = 0;           /* one past the last valid record */
    size_t cap = 0;
    int rc = MAS_OK;
    for (uint64_t k = 0; rc == MAS_OK && k < present; k++) {
        off_t at = HEADER_LEN + (off_t)(k * p->record_size);
        uint64_t run = 0;
        int ok = pread(j->fd, rec, p->record_size, at) == (ssize_t)p->record_size
              && mas_record_valid(p, rec) && (memcpy(&run, rec, 8), run == p->first + k);
        if (ok) {
            end = k + 1;
            continue;
        }
        if (j->n_holes == cap) {
            cap = cap ? 2 * cap : 16;
            uint64_t *more = realloc(j->holes, cap * sizeof *more);
            if (!more) {
                rc = mas_fail(err, MAS_EIO, "out of memory");
                break;
            }
            j->holes = more;
        }
        j->holes[j->n_holes++] = k;
    }
    free(rec);
    while (rc == MAS_OK && j->n_holes && j->holes[j->n_holes - 1] >= end)
        j->n_holes--;           /* after the last valid record: the torn tail */
    *done = end;
    if (rc == MAS_OK && (ftruncate(j->fd, HEADER_LEN + (off_t)(end * p->record_size)) != 0 ||
                         lseek(j->fd, 0, SEEK_END) < 0))
        rc = mas_fail(err, MAS_EIO, "%s: cannot cut off the torn tail: %s", j->path,
                      strerror(errno));
    return rc;
}

static int open_existing(struct mas_journal *j, uint64_t *done, char *err)
{
    char want[HEADER_LEN], got[HEADER_LEN];
    header(j->p, want);
    if ((j->fd = open(j->path, O_RDWR)) < 0)
        return mas_fail(err, MAS_EIO, "%s: %s", j->path, strerror(errno));
    int rc = lock(j, err);
    if (rc != MAS_OK)
        return rc;
    ssize_t n = pread(j->fd, got, HEADER_LEN, 0);
    if (n >= 0 && n < HEADER_LEN) {
        /* killed while it was being created: no record can be in it */
        if (ftruncate(j->fd, 0) != 0 || lseek(j->fd, 0, SEEK_SET) != 0
            || write_all(j->fd, want, HEADER_LEN) != 0 || fdatasync(j->fd) != 0)
            return mas_fail(err, MAS_EIO, "%s: cannot write: %s", j->path, strerror(errno));
        return MAS_OK;
    }
    if (n != HEADER_LEN)
        return mas_fail(err, MAS_EIO, "%s: cannot read: %s", j->path, strerror(errno));
    if (!header_intact(got))
        return mas_fail(err, MAS_EINPUT, "%s: its header is damaged (or it is not a massim "
                        "journal, or one from an older massim), so none of its records can be "
                        "trusted; remove it to start the sweep again", j->path);
    if (memcmp(want, got, HEADER_LEN) != 0)
        return mas_fail(err, MAS_EINPUT, "%s: written for a different sweep (scenario, --set "
                        "list, shard or massim changed); remove it to start again, or resume "
                        "with the sweep that wrote it", j->path);
    return recover(j, done, err);
}

static int create_new(struct mas_journal *j, char *err)
{
    char h[HEADER_LEN];
    header(j->p, h);
    if ((j->fd = open(j->path, O_RDWR | O_CREAT | O_EXCL, 0666)) < 0)
        return mas_fail(err, MAS_EIO, "%s: cannot create: %s", j->path, strerror(errno));
    int rc = lock(j, err);
    if (rc == MAS_OK && (write_all(j->fd, h, HEADER_LEN) != 0 || fdatasync(j->fd) != 0))
        rc = mas_fail(err, MAS_EIO, "%s: cannot write: %s", j->path, strerror(errno));
    return rc;
}

int mas_journal_open(const struct mas_sweep_plan *p, const char *out, int resume,
                     struct mas_journal **jp, uint64_t *done, char *err)
{
    struct mas_journal *j = calloc(1, sizeof *j);
    size_t n = strlen(out) + 16;
    *jp = NULL;
    *done = 0;
    if (!j || !(j->path = malloc(n)) || !(j->buf = malloc(BUF_LEN))) {
        if (j) {
            free(j->path);
            free(j);
        }
        return mas_fail(err, MAS_EIO, "out of memory");
    }
    j->p = p;
    j->fd = -1;
    snprintf(j->path, n, "%s.journal", out);
    struct stat st;
    int exists = stat(j->path, &st) == 0;
    int rc;
    if (exists && !resume) {
        /* a live journal is never offered for deletion */
        if ((j->fd = open(j->path, O_RDWR)) >= 0 && (rc = lock(j, err)) != MAS_OK)
            ;
        else
            rc = mas_fail(err, MAS_EINPUT, "%s: an interrupted sweep is recorded there; "
                          "continue it with --resume, or remove the file to start again",
                          j->path);
    } else {
        rc = exists ? open_existing(j, done, err) : create_new(j, err);
    }
    if (rc != MAS_OK) {
        mas_journal_close(j, 0);
        return rc;
    }
    *jp = j;
    return MAS_OK;
}

size_t mas_journal_holes(const struct mas_journal *j, const uint64_t **holes)
{
    *holes = j->holes;
    return j->n_holes;
}

int mas_journal_put(struct mas_journal *j, uint64_t k, const void *rec, char *err)
{
    const char *b = rec;
    size_t n = j->p->record_size;
    off_t at = HEADER_LEN + (off_t)(k * n);
    while (n > 0) {
        ssize_t w = pwrite(j->fd, b, n, at);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return mas_fail(err, MAS_EIO, "%s: cannot write: %s", j->path, strerror(errno));
        b += w;
        at += w;
        n -= (size_t)w;
    }
    return MAS_OK;
}

int mas_journal_skip(struct mas_journal *j, char *err)
{
    int rc = mas_journal_flush(j, err);
    if (rc == MAS_OK && lseek(j->fd, (off_t)j->p->record_size, SEEK_CUR) < 0)
        rc = mas_fail(err, MAS_EIO, "%s: %s", j->path, strerror(errno));
    return rc;
}

int mas_journal_flush(struct mas_journal *j, char *err)
{
    if (j->used && write_all(j->fd, j->buf, j->used) != 0)
        return mas_fail(err, MAS_EIO, "%s: cannot write: %s", j->path, strerror(errno));
    j->used = 0;
    return MAS_OK;
}

int mas_journal_append(struct mas_journal *j, const void *rec, char *err)
{
    size_t n = j->p->record_size;
    if (j->used + n > BUF_LEN) {
        int rc = mas_journal_flush(j, err);
        if (rc != MAS_OK)
            return rc;
    }
    if (n > BUF_LEN)
        return write_all(j->fd, rec, n) == 0 ? MAS_OK
             : mas_fail(err, MAS_EIO, "%s: cannot write: %s", j->path, strerror(errno));
    memcpy(j->buf + j->used, rec, n);
    j->used += n;
    return MAS_OK;
}

int mas_journal_sync(struct mas_journal *j, char *err)
{
    int rc = mas_journal_flush(j, err);
    if (rc == MAS_OK && fdatasync(j->fd) != 0)
        rc = mas_fail(err, MAS_EIO, "%s: cannot sync: %s", j->path, strerror(errno));
    return rc;
}

int mas_journal_replay(struct mas_journal *j, mas_take_fn *fn, void *ctx, char *err)
{
    const struct mas_sweep_plan *p = j->p;
    int rc = mas_journal_flush(j, err);
    char *rec = malloc(p->record_size);
    if (!rec)
        return mas_fail(err, MAS_EIO, "out of memory");
    for (uint64_t k = 0; rc == MAS_OK && k < p->count; k++) {
        off_t at = HEADER_LEN + (off_t)(k * p->record_size);
        if (pread(j->fd, rec, p->record_size, at) != (ssize_t)p->record_size || !mas_record_valid(p, rec))
            rc = mas_fail(err, MAS_EIO, "%s: record %llu is missing or damaged", j->path,
                          (unsigned long long)k);
        else
            rc = fn(ctx, rec, err);
    }
    free(rec);
    return rc;
}

void mas_journal_close(struct mas_journal *j, int remove)
{
    if (!j)
        return;
    if (j->fd >= 0)
        close(j->fd);
    if (remove)
        unlink(j->path);
    free(j->buf);
    free(j->path);
    free(j->holes);
    free(j);
}

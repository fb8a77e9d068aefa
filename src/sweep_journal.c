/*
 * sweep_journal.c — the durable record of a sweep in progress: OUT.journal,
 * a 4096-byte text header that identifies the sweep (scenario hash, runs,
 * record layout) followed by fixed-size records in run order, each with a
 * checksum.  A killed sweep leaves at worst a torn last record, which
 * --resume cuts off; the runs after the last complete record are computed
 * again.  The file is locked (fcntl) while a sweep writes it.
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
};

static void header(const struct mas_sweep_plan *p, char *h)
{
    memset(h, 0, HEADER_LEN);
    snprintf(h, HEADER_LEN,
             "massim sweep journal 1\nscenario_hash=%016llx\nn_total=%llu\nfirst=%llu\n"
             "count=%llu\nn_axes=%zu\nn_metrics=%d\nn_traj=%d\nn_traj_times=%zu\n"
             "record_size=%zu\n",
             (unsigned long long)p->scenario_hash, (unsigned long long)p->n_total,
             (unsigned long long)p->first, (unsigned long long)p->count, p->design->n_axes,
             p->n_metrics, p->n_traj, p->n_traj_times, p->record_size);
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

static int lock(struct mas_journal *j, char *err)
{
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
    if (fcntl(j->fd, F_SETLK, &fl) != 0)
        return mas_fail(err, MAS_EIO, "%s: another massim sweep is writing it", j->path);
    return MAS_OK;
}

/* Keep the complete, valid records in run order; cut the rest off. */
static int recover(struct mas_journal *j, uint64_t *done, char *err)
{
    const struct mas_sweep_plan *p = j->p;
    char *rec = malloc(p->record_size);
    if (!rec)
        return mas_fail(err, MAS_EIO, "out of memory");
    uint64_t k = 0;
    for (; k < p->count; k++) {
        off_t at = HEADER_LEN + (off_t)(k * p->record_size);
        if (pread(j->fd, rec, p->record_size, at) != (ssize_t)p->record_size || !mas_record_valid(p, rec))
            break;
        uint64_t run;
        memcpy(&run, rec, 8);
        if (run != p->first + k)
            break;
    }
    free(rec);
    *done = k;
    if (ftruncate(j->fd, HEADER_LEN + (off_t)(k * p->record_size)) != 0 ||
        lseek(j->fd, 0, SEEK_END) < 0)
        return mas_fail(err, MAS_EIO, "%s: cannot cut off the torn tail: %s", j->path, strerror(errno));
    return MAS_OK;
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
    if (pread(j->fd, got, HEADER_LEN, 0) != HEADER_LEN || memcmp(want, got, HEADER_LEN) != 0)
        return mas_fail(err, MAS_EINPUT, "%s: written for a different sweep (scenario, shard or "
                        "massim changed); remove it to start again", j->path);
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
    if (exists && !resume)
        rc = mas_fail(err, MAS_EINPUT, "%s: an interrupted sweep is recorded there; continue it "
                      "with --resume, or remove the file to start again", j->path);
    else
        rc = exists ? open_existing(j, done, err) : create_new(j, err);
    if (rc != MAS_OK) {
        mas_journal_close(j, 0);
        return rc;
    }
    *jp = j;
    return MAS_OK;
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
    free(j);
}

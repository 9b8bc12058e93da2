/*
 * The physical floor for linting a set of YAML/JSON files: find them, read them, and
 * parse every byte with libyaml's event API -- nothing else (no tree, no positions, no
 * rules). gradience-lint cannot do less work than this on the same files.
 *
 *   floor [-j THREADS] PATH...
 *
 * Folders are walked like gradience-lint walks them (*.yaml, *.yml, *.json; hidden
 * folders, node_modules, __pycache__ and venv skipped); files named explicitly are
 * parsed whatever their extension. THREADS (default: the number of online CPUs, as the
 * linter's DispatchQueue.concurrentPerform uses) share the files through an atomic
 * counter. Prints the files, events and parse errors, so a run can be checked.
 *
 * Build: cc -O2 -o floor floor.c $(pkg-config --cflags --libs yaml-0.1) -lpthread
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

static char **files;
static size_t file_count, file_capacity;
static atomic_size_t next_file;
static atomic_size_t total_events, total_errors;

static void add_file(const char *path) {
    if (file_count == file_capacity) {
        file_capacity = file_capacity ? file_capacity * 2 : 1024;
        files = realloc(files, file_capacity * sizeof *files);
        if (!files) { perror("realloc"); exit(2); }
    }
    files[file_count++] = strdup(path);
}

static int has_lint_extension(const char *name) {
    const char *dot = strrchr(name, '.');
    return dot && (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml") || !strcmp(dot, ".json"));
}

static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }

static void walk(const char *folder) {
    struct dirent **entries;
    int count = scandir(folder, &entries, NULL, by_name);
    if (count < 0) return;
    for (int i = 0; i < count; i++) {
        const char *name = entries[i]->d_name;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", folder, name);
        struct stat info;
        if (strcmp(name, ".") && strcmp(name, "..") && stat(path, &info) == 0) {
            if (S_ISDIR(info.st_mode)) {
                if (name[0] != '.' && strcmp(name, "node_modules") && strcmp(name, "__pycache__") && strcmp(name, "venv")) walk(path);
            } else if (S_ISREG(info.st_mode) && has_lint_extension(name)) {
                add_file(path);
            }
        }
        free(entries[i]);
    }
    free(entries);
}

static void parse_file(const char *path, unsigned char **buffer, size_t *capacity) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) { atomic_fetch_add(&total_errors, 1); return; }
    size_t length = 0;
    for (;;) {
        if (length == *capacity) {
            *capacity = *capacity ? *capacity * 2 : 65536;
            *buffer = realloc(*buffer, *capacity);
        }
        ssize_t got = read(fd, *buffer + length, *capacity - length);
        if (got <= 0) break;
        length += (size_t)got;
    }
    close(fd);

    yaml_parser_t parser;
    yaml_event_t event;
    size_t events = 0;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, *buffer, length);
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) { atomic_fetch_add(&total_errors, 1); break; }
        events++;
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        if (done) break;
    }
    yaml_parser_delete(&parser);
    atomic_fetch_add(&total_events, events);
}

static void *worker(void *unused) {
    (void)unused;
    unsigned char *buffer = NULL;
    size_t capacity = 0;
    for (size_t index; (index = atomic_fetch_add(&next_file, 1)) < file_count;) parse_file(files[index], &buffer, &capacity);
    free(buffer);
    return NULL;
}

int main(int argc, char **argv) {
    long threads = sysconf(_SC_NPROCESSORS_ONLN);
    int first = 1;
    if (argc > 2 && !strcmp(argv[1], "-j")) {
        threads = atol(argv[2]);
        first = 3;
    }
    if (threads < 1 || first >= argc) {
        fprintf(stderr, "usage: floor [-j THREADS] PATH...\n");
        return 2;
    }
    for (int i = first; i < argc; i++) {
        struct stat info;
        if (stat(argv[i], &info) != 0) { perror(argv[i]); return 2; }
        if (S_ISDIR(info.st_mode)) walk(argv[i]); else add_file(argv[i]);
    }
    pthread_t *pool = calloc((size_t)threads, sizeof *pool);
    for (long t = 0; t < threads; t++) pthread_create(&pool[t], NULL, worker, NULL);
    for (long t = 0; t < threads; t++) pthread_join(pool[t], NULL);
    printf("floor: %zu files, %zu events, %zu parse errors, %ld threads\n", file_count,
           (size_t)atomic_load(&total_events), (size_t)atomic_load(&total_errors), threads);
    return 0;
}

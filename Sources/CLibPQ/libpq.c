#include "CLibPQ.h"

#include <dlfcn.h>
#include <stdio.h>

struct tend_libpq libpq;

int tend_libpq_load(char *error, int size) {
    static int loaded = 0;
    if (loaded) return 0;
    // The run-time name Debian's libpq5 installs (the unversioned libpq.so comes with -dev only).
    void *lib = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(error, size, "%s", dlerror());
        return -1;
    }
#define LOAD(name)                                                  \
    if (!(*(void **)&libpq.name = dlsym(lib, #name))) {             \
        snprintf(error, size, "libpq.so.5 has no %s", #name);       \
        return -1;                                                  \
    }
    LOAD(PQconnectStartParams)
    LOAD(PQconnectPoll)
    LOAD(PQstatus)
    LOAD(PQfinish)
    LOAD(PQsocket)
    LOAD(PQsetnonblocking)
    LOAD(PQsetNoticeProcessor)
    LOAD(PQconsumeInput)
    LOAD(PQnotifies)
    LOAD(PQfreemem)
    LOAD(PQsendQueryParams)
    LOAD(PQflush)
    LOAD(PQisBusy)
    LOAD(PQgetResult)
    LOAD(PQclear)
    LOAD(PQresultStatus)
    LOAD(PQntuples)
    LOAD(PQnfields)
    LOAD(PQgetisnull)
    LOAD(PQgetvalue)
    LOAD(PQresultErrorMessage)
    LOAD(PQerrorMessage)
#undef LOAD
    loaded = 1;
    return 0;
}

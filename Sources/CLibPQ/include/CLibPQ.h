// libpq, PostgreSQL's own C client, for the optional team server: its types from libpq-fe.h
// (Debian libpq-dev, to build), its functions loaded with dlopen the first time a team server is
// used (`tend_libpq_load`), not linked. Linked, libpq and the twenty libraries it pulls in (TLS,
// Kerberos, LDAP, …) were loaded by every process, about 4 ms of each start, mostly for commands
// that never talk to a server. Swift calls the functions through `libpq`, which holds them under
// their own names.
#ifndef TEND_CLIBPQ_H
#define TEND_CLIBPQ_H

#include <postgresql/libpq-fe.h>

/// Each function's own prototype (from the header), so a call is checked as a direct one would be.
/// Null until `tend_libpq_load` has succeeded.
struct tend_libpq {
    __typeof__(PQconnectStartParams) *_Nonnull PQconnectStartParams;
    __typeof__(PQconnectPoll) *_Nonnull PQconnectPoll;
    __typeof__(PQstatus) *_Nonnull PQstatus;
    __typeof__(PQfinish) *_Nonnull PQfinish;
    __typeof__(PQsocket) *_Nonnull PQsocket;
    __typeof__(PQsetnonblocking) *_Nonnull PQsetnonblocking;
    __typeof__(PQsetNoticeProcessor) *_Nonnull PQsetNoticeProcessor;
    __typeof__(PQconsumeInput) *_Nonnull PQconsumeInput;
    __typeof__(PQnotifies) *_Nonnull PQnotifies;
    __typeof__(PQfreemem) *_Nonnull PQfreemem;
    __typeof__(PQsendQueryParams) *_Nonnull PQsendQueryParams;
    __typeof__(PQflush) *_Nonnull PQflush;
    __typeof__(PQisBusy) *_Nonnull PQisBusy;
    __typeof__(PQgetResult) *_Nonnull PQgetResult;
    __typeof__(PQclear) *_Nonnull PQclear;
    __typeof__(PQresultStatus) *_Nonnull PQresultStatus;
    __typeof__(PQntuples) *_Nonnull PQntuples;
    __typeof__(PQnfields) *_Nonnull PQnfields;
    __typeof__(PQgetisnull) *_Nonnull PQgetisnull;
    __typeof__(PQgetvalue) *_Nonnull PQgetvalue;
    __typeof__(PQresultErrorMessage) *_Nonnull PQresultErrorMessage;
    __typeof__(PQerrorMessage) *_Nonnull PQerrorMessage;
};

extern struct tend_libpq libpq;

/// Loads libpq.so.5 and every function above: 0, or -1 with why in `error` (a NUL-terminated
/// message, cut to `size`). Once loaded, later calls return 0 at once; call it from one thread at
/// a time (Swift calls it from a `static let`).
int tend_libpq_load(char *_Nonnull error, int size);

#endif

// libpq, PostgreSQL's own C client (Debian: libpq-dev), for the optional team server.
#include <postgresql/libpq-fe.h>

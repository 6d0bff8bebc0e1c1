// SPDX-License-Identifier: Apache-2.0
#include "storage/event_listener.hpp"

#include <poll.h>

#include <libpq-fe.h>

#include <dagboard/errors.hpp>

namespace DAGBOARD_NAMESPACE::storage {

struct EventListener::Connection {
  PGconn* pg = nullptr;
  ~Connection() {
    if (pg) PQfinish(pg);
  }
};

EventListener::EventListener(const std::string& conninfo) : conninfo_(conninfo) { connect(); }

EventListener::~EventListener() = default;

void EventListener::connect() {
  auto c = std::make_unique<Connection>();
  c->pg = PQconnectdb(conninfo_.c_str());
  PQsetNoticeProcessor(c->pg, [](void*, const char*) {}, nullptr);  // not on stderr
  if (PQstatus(c->pg) != CONNECTION_OK)
    throw StorageError(std::string("event listener cannot connect: ") + PQerrorMessage(c->pg));
  PGresult* r = PQexec(c->pg, (std::string("LISTEN ") + kEventChannel).c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  if (!ok) throw StorageError(std::string("LISTEN failed: ") + PQerrorMessage(c->pg));
  conn_ = std::move(c);
}

bool EventListener::wait(int timeout_ms) {
  if (!conn_ || PQstatus(conn_->pg) != CONNECTION_OK) {
    conn_.reset();
    try {
      connect();
    } catch (const Error&) {
      return false;  // the caller polls on; we try again next time
    }
  }
  PGconn* pg = conn_->pg;
  pollfd fd{PQsocket(pg), POLLIN, 0};
  if (poll(&fd, 1, timeout_ms) <= 0) return false;
  if (!PQconsumeInput(pg)) return false;
  bool any = false;
  while (PGnotify* n = PQnotifies(pg)) {
    any = true;
    PQfreemem(n);
  }
  return any;
}

}  // namespace dagboard::storage

// SPDX-License-Identifier: Apache-2.0
#include "storage/sqlite_functions.hpp"

#include "storage/sqlite_rows.hpp"

#include <memory>
#include <vector>

#include <soci/sqlite3/soci-sqlite3.h>  // declares the SQLite API inside namespace sqlite_api

#include <dagboard/errors.hpp>

namespace DAGBOARD_NAMESPACE::storage {
namespace {

using namespace sqlite_api;

constexpr double kK1 = 1.2;  // BM25's usual constants
constexpr double kB = 0.75;

// The average length of each column, computed once per statement.
struct Averages {
  std::vector<double> length;
};

void free_averages(void* p) { delete static_cast<Averages*>(p); }

const Averages* averages(const Fts5ExtensionApi* api, Fts5Context* fts) {
  if (auto* a = static_cast<Averages*>(api->xGetAuxdata(fts, 0))) return a;
  auto a = std::make_unique<Averages>();
  sqlite3_int64 rows = 0;
  if (api->xRowCount(fts, &rows) != SQLITE_OK) return nullptr;
  for (int c = 0; c < api->xColumnCount(fts); ++c) {
    sqlite3_int64 total = 0;
    if (api->xColumnTotalSize(fts, c, &total) != SQLITE_OK) return nullptr;
    a->length.push_back(rows > 0 ? static_cast<double>(total) / static_cast<double>(rows) : 1.0);
  }
  Averages* raw = a.release();
  if (api->xSetAuxdata(fts, raw, free_averages) != SQLITE_OK) return nullptr;  // frees raw
  return raw;
}

void rank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int n_args, sqlite3_value** args) {
  const Averages* avg = averages(api, fts);
  if (!avg) return sqlite3_result_error(ctx, "dagboard_rank: cannot read the index statistics", -1);
  const int columns = api->xColumnCount(fts), phrases = api->xPhraseCount(fts);
  std::vector<int> hits(static_cast<size_t>(columns * phrases), 0);
  int instances = 0;
  if (api->xInstCount(fts, &instances) != SQLITE_OK) return sqlite3_result_error(ctx, "dagboard_rank", -1);
  for (int i = 0; i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    if (api->xInst(fts, i, &phrase, &column, &offset) == SQLITE_OK) ++hits[phrase * columns + column];
  }
  double score = 0;
  for (int c = 0; c < columns; ++c) {
    double weight = c < n_args ? sqlite3_value_double(args[c]) : 1.0;
    int length = 0;
    api->xColumnSize(fts, c, &length);
    double norm = kK1 * (1 - kB + kB * length / (avg->length[c] > 0 ? avg->length[c] : 1.0));
    for (int p = 0; p < phrases; ++p) {
      double tf = hits[p * columns + c];
      if (tf > 0) score += weight * tf * (kK1 + 1) / (tf + norm);
    }
  }
  sqlite3_result_double(ctx, score);
}

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(st);
  sqlite3_finalize(st);
  return api;
}

}  // namespace

void register_sqlite_functions(soci::session& session) {
  auto* db = static_cast<sqlite3*>(sqlite_connection(session));
  fts5_api* api = fts5_of(db);
  if (!api || api->xCreateFunction(api, "dagboard_rank", nullptr, rank, nullptr) != SQLITE_OK)
    throw StorageError("this SQLite has no FTS5, which search needs");
}

}  // namespace dagboard::storage

// SPDX-License-Identifier: Apache-2.0
#include "search/search_repo.hpp"

#include <map>
#include <set>

#include "search/search_documents.hpp"
#include "search/search_text.hpp"
#include "storage/row.hpp"

namespace DAGBOARD_NAMESPACE::search {
namespace {

using storage::Params;
using storage::Row;

bool sqlite(storage::Tx& tx) { return tx.backend() == storage::Backend::sqlite; }

// How each kind joins its record, for the hit's fields and the filters.
struct KindSql {
  const char* table;     // null: commits have no row of their own
  const char* alias;
  const char* key;       // these: null when the kind has no such field
  const char* status;
  const char* priority;
  const char* agent;     // "" for commits (an EXISTS over their links)
};

const KindSql& kind_sql(SearchType kind) {
  static const KindSql kTicket{"tickets", "t", "t.key", "t.status", "t.priority", nullptr};
  static const KindSql kTask{"tasks", "k", nullptr, "k.status", "k.priority", "k.assigned_agent_id"};
  static const KindSql kAgent{"agents", "a", nullptr, "a.status", nullptr, "a.id"};
  static const KindSql kDocument{"documents", "c", nullptr, "c.status", nullptr, nullptr};
  static const KindSql kCommit{nullptr, "", nullptr, nullptr, nullptr, ""};
  switch (kind) {
    case SearchType::ticket: return kTicket;
    case SearchType::task: return kTask;
    case SearchType::agent: return kAgent;
    case SearchType::document: return kDocument;
    case SearchType::commit: return kCommit;
  }
  return kTicket;
}

std::string or_null(const char* expression) { return expression ? expression : "NULL"; }

// The join of one kind's record: inner for a search of that kind, outer (and only for documents
// of that kind) when several kinds share one statement.
std::string join_sql(SearchType kind, bool outer) {
  const KindSql& k = kind_sql(kind);
  if (!k.table) return "";
  std::string on = std::string(k.alias) + ".id = d.record_id";
  if (outer) on = "d.kind = '" + std::string(to_string(kind)) + "' AND " + on;
  return std::string(outer ? " LEFT JOIN " : " JOIN ") + k.table + " " + k.alias + " ON " + on;
}

// The filters every kind shares: project and creation time.
std::string common_filters(const MatchFilter& f, Params& params) {
  const SearchQuery& q = *f.query;
  std::string w;
  if (f.project_id) {
    w += " AND d.project_id = :project";
    params.set("project", *f.project_id);
  }
  if (q.date_from) {
    w += " AND d.created_at >= :date_from";
    params.set("date_from", *q.date_from);
  }
  if (q.date_to) {
    w += " AND d.created_at < :date_to";
    params.set("date_to", *q.date_to);
  }
  return w;
}

// The filters on one kind's own fields; placeholders are named per kind, so that several kinds
// can share a statement.
std::string kind_filters(SearchType kind, const SearchQuery& q, Params& params) {
  const KindSql& k = kind_sql(kind);
  const std::string tag(to_string(kind));
  std::string w;
  if (!q.status.values.empty())
    w += std::string(" AND ") + k.status + " IN (" + storage::in_list(params, ("st_" + tag).c_str(), q.status.values) + ")";
  if (!q.priority.values.empty())
    w += std::string(" AND ") + k.priority + " IN (" +
         storage::in_list(params, ("pr_" + tag).c_str(), q.priority.values) + ")";
  if (q.agent_id) {
    std::string name = "agent_" + tag;
    w += *k.agent ? std::string(" AND ") + k.agent + " = :" + name
                  : " AND EXISTS (SELECT 1 FROM ticket_commits l WHERE l.commit_sha = d.record_id AND l.agent_id = :" +
                        name + ")";
    params.set(name, *q.agent_id);
  }
  return w;
}

// The filters of a search of one kind.
std::string where_sql(storage::Tx& tx, SearchType kind, const MatchFilter& f, Params& params) {
  std::string w;
  if (sqlite(tx)) {
    w = " AND search_fts.rowid >= :first AND search_fts.rowid < :end";
    params.set("first", id_range(kind).first).set("end", id_range(kind).end);
  } else {
    w = " AND d.kind = :kind";
    params.set("kind", to_string(kind));
  }
  return w + common_filters(f, params) + kind_filters(kind, *f.query, params);
}

std::string columns_sql(SearchType kind) {
  const KindSql& k = kind_sql(kind);
  return or_null(k.key) + " AS rkey, " + or_null(k.status) + " AS rstatus, " + or_null(k.priority) + " AS rpriority";
}

MatchRow match_row(const Row& r) {
  return MatchRow{r.text("record_id"),      r.text("title"),        r.text("body"),
                  r.opt_text("project_id"), r.opt_text("rkey"),     r.opt_text("rstatus"),
                  r.opt_text("rpriority"),  r.real("score")};
}

// FTS5: `("refu"* OR "refund") AND ("flow"*)`; the words hold letters and digits only.
std::string fts5_match(const std::vector<QueryWord>& words) {
  std::string m;
  for (const auto& w : words) {
    std::string alt = "\"" + w.prefix + "\"*";
    for (const auto& n : w.neighbours) alt += " OR \"" + n + "\"";
    m += (m.empty() ? "(" : " AND (") + alt + ")";
  }
  return m;
}

// tsquery: `('refu':* | 'refund') & ('flow':*)`, for ranking (the word lexemes have positions).
std::string tsquery(const std::vector<QueryWord>& words) {
  std::string m;
  for (const auto& w : words) {
    std::string alt = "'" + w.prefix + "':*";
    for (const auto& n : w.neighbours) alt += " | '" + n + "'";
    m += (m.empty() ? "(" : " & (") + alt + ")";
  }
  return m;
}

// The same match on exact GIN keys: a prefix of 2 to 8 letters is the word itself or its
// prefix lexeme (`'refu' | 'refu~'`, migration 12); longer prefixes stay prefix matches.
constexpr size_t kLongestIndexedPrefix = 8;

std::string tsquery_keys(const std::vector<QueryWord>& words) {
  std::string m;
  for (const auto& w : words) {
    const bool keyed = w.prefix.size() >= 2 && w.prefix.size() <= kLongestIndexedPrefix;
    std::string alt = keyed ? "'" + w.prefix + "' | '" + w.prefix + "~'" : "'" + w.prefix + "':*";
    for (const auto& n : w.neighbours) alt += " | '" + n + "'";
    m += (m.empty() ? "(" : " & (") + alt + ")";
  }
  return m;
}

// The PostgreSQL match of `words`: `m.q` ranks, `m.keys` finds.
std::string pg_match(const std::vector<QueryWord>& words, Params& params) {
  params.set("match", tsquery(words)).set("keys", tsquery_keys(words));
  return " CROSS JOIN (SELECT to_tsquery('simple', CAST(:match AS TEXT)) AS q, CAST(CAST(:keys AS TEXT) AS "
         "tsquery) AS keys) m";
}

// FROM and WHERE of a match, with `score` (higher is better).
std::string matched_sql(storage::Tx& tx, SearchType kind, const std::vector<QueryWord>& words,
                        const MatchFilter& f, Params& params, std::string& score) {
  std::string from;
  if (sqlite(tx)) {
    score = "dagboard_rank(search_fts, 10.0, 1.0)";  // src/storage/sqlite_functions.hpp
    // CROSS JOIN keeps the full-text match as the outer loop (SQLite never reorders it).
    from = " FROM search_fts CROSS JOIN search_documents d ON d.id = search_fts.rowid" + join_sql(kind, false) +
           " WHERE search_fts MATCH :match";
    params.set("match", fts5_match(words));
  } else {
    score = "ts_rank_cd(d.tsv, m.q)";
    from = " FROM search_documents d" + pg_match(words, params) + join_sql(kind, false) + " WHERE d.tsv @@ m.keys";
  }
  return from + where_sql(tx, kind, f, params);
}

}  // namespace

bool indexed_word_with_prefix(storage::Tx& tx, const std::string& prefix) {
  const char* sql = "SELECT term FROM search_terms WHERE term >= :w ORDER BY term LIMIT 1";
  bool found = false;
  storage::query(tx.sql(), sql, Params().set("w", prefix),
                 [&](const Row& r) { found = r.text("term").rfind(prefix, 0) == 0; });
  return found;
}

std::vector<std::string> neighbour_candidates(storage::Tx& tx, const std::string& word) {
  auto len = static_cast<long long>(word.size());
  Params params;
  params.set("shortest", len - 1).set("longest", len + 1);
  std::string sql;
  if (sqlite(tx)) {
    // By range: the neighbours that share the first letter.
    sql = "SELECT term FROM search_terms WHERE term >= :lo AND term < :hi AND length(term) BETWEEN "
          ":shortest AND :longest";
    params.set("lo", word.substr(0, 1)).set("hi", std::string(1, static_cast<char>(word[0] + 1)));
  } else {
    // The default threshold (0.3) misses a swap of two letters in the middle of a short word.
    storage::exec(tx.sql(), "SET LOCAL pg_trgm.similarity_threshold = 0.2");
    sql = "SELECT term FROM search_terms WHERE term OPERATOR(public.%) CAST(:w AS TEXT) AND length(term) "
          "BETWEEN :shortest AND :longest";
    params.set("w", word);
  }
  return storage::query_rows(tx.sql(), sql, std::move(params), [](const Row& r) { return r.text("term"); });
}

bool filters_exclude(SearchType kind, const SearchQuery& q) {
  const KindSql& k = kind_sql(kind);
  return (!q.status.values.empty() && !k.status) || (!q.priority.values.empty() && !k.priority) ||
         (q.agent_id && !k.agent);
}

namespace {

MatchPage best_matches_of(storage::Tx& tx, SearchType kind, const std::vector<QueryWord>& words,
                          const MatchFilter& filter, int limit, int offset) {
  Params params;
  std::string score;
  std::string from = matched_sql(tx, kind, words, filter, params, score);
  std::string columns = "d.record_id, d.title, d.body, d.project_id, " + columns_sql(kind) + ", " + score + " AS score";
  // One pass over the matches gives the page and their count. SQLite must rank in the scan
  // (the rank function reads the full-text cursor), hence the materialized step.
  std::string sql = sqlite(tx) ? "WITH m AS MATERIALIZED (SELECT " + columns + from +
                                     ") SELECT m.*, COUNT(*) OVER () AS total FROM m"
                               : "SELECT " + columns + ", COUNT(*) OVER () AS total" + from;
  MatchPage page;
  page.rows = storage::query_rows(
      tx.sql(),
      sql + " ORDER BY score DESC, record_id LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(offset),
      std::move(params), [&](const Row& r) {
        page.total = r.integer("total");
        return match_row(r);
      });
  // A page past the end has no row to carry the count.
  if (page.rows.empty() && offset > 0) page.total = count_matches(tx, kind, words, filter);
  return page;
}

// PostgreSQL: every kind in one statement. GIN reads a common word's whole posting list on each
// match (15 ms for a word in 250,000 documents); one statement reads it once, not once per kind.
// PostgreSQL ranks every match on narrow rows (kind, id, score) and numbers them per kind; only
// the page's rows then get their text and their records. Carrying every match's title and body
// (and its record's join) through the sort cost more than ranking them. Record joins come
// before the ranking only when a filter needs them.
std::map<SearchType, MatchPage> best_matches_together(storage::Tx& tx, const std::vector<SearchType>& kinds,
                                                      const std::vector<QueryWord>& words, const MatchFilter& f,
                                                      int limit, int offset) {
  Params params;
  const std::string match = pg_match(words, params);
  const SearchQuery& q = *f.query;
  const bool filtered = !q.status.values.empty() || !q.priority.values.empty() || q.agent_id;
  std::string joins, kinds_sql, key = "CASE d.kind", status = "CASE d.kind", priority = "CASE d.kind";
  for (SearchType kind : kinds) {
    const KindSql& k = kind_sql(kind);
    const std::string name = "'" + std::string(to_string(kind)) + "'";
    joins += join_sql(kind, true);
    std::string present = filtered && k.table ? std::string(" AND ") + k.alias + ".id IS NOT NULL" : "";
    kinds_sql += (kinds_sql.empty() ? "(d.kind = " : " OR (d.kind = ") + name + present +
                 (filtered ? kind_filters(kind, q, params) : "") + ")";
    key += " WHEN " + name + " THEN " + or_null(k.key);
    status += " WHEN " + name + " THEN " + or_null(k.status);
    priority += " WHEN " + name + " THEN " + or_null(k.priority);
  }
  std::string ranked =
      "SELECT d.kind, d.record_id, s.score, ROW_NUMBER() OVER (PARTITION BY d.kind ORDER BY s.score DESC, "
      "d.record_id) AS rn, COUNT(*) OVER (PARTITION BY d.kind) AS total FROM search_documents d" + match +
      " CROSS JOIN LATERAL (SELECT ts_rank_cd(d.tsv, m.q) AS score) s" + (filtered ? joins : "") +
      " WHERE d.tsv @@ m.keys" + common_filters(f, params) + " AND (" +
      kinds_sql + ")";
  std::string sql = "SELECT r.kind AS rkind, r.record_id, d.title, d.body, d.project_id, " + key + " END AS rkey, " +
                    status + " END AS rstatus, " + priority + " END AS rpriority, r.score, r.total FROM (" + ranked +
                    ") r JOIN search_documents d ON d.kind = r.kind AND d.record_id = r.record_id" + joins +
                    " WHERE r.rn > " + std::to_string(offset) + " AND r.rn <= " + std::to_string(offset + limit) +
                    " ORDER BY r.kind, r.rn";
  std::map<SearchType, MatchPage> pages;
  for (SearchType kind : kinds) pages[kind];
  storage::query(tx.sql(), sql, std::move(params), [&](const Row& r) {
    MatchPage& page = pages[*parse<SearchType>(r.text("rkind"))];
    page.total = r.integer("total");
    page.rows.push_back(match_row(r));
  });
  for (auto& [kind, page] : pages)  // a page past the end has no row to carry the count
    if (page.rows.empty() && offset > 0) page.total = count_matches(tx, kind, words, f);
  return pages;
}

}  // namespace

std::map<SearchType, MatchPage> best_matches(storage::Tx& tx, const std::vector<SearchType>& kinds,
                                             const std::vector<QueryWord>& words, const MatchFilter& filter,
                                             int limit, int offset) {
  if (kinds.empty()) return {};
  if (!sqlite(tx)) return best_matches_together(tx, kinds, words, filter, limit, offset);
  // SQLite reads only each kind's id range of the index: a statement per kind costs no more.
  std::map<SearchType, MatchPage> pages;
  for (SearchType kind : kinds) pages[kind] = best_matches_of(tx, kind, words, filter, limit, offset);
  return pages;
}

long long count_matches(storage::Tx& tx, SearchType kind, const std::vector<QueryWord>& words,
                        const MatchFilter& filter) {
  Params params;
  std::string score;
  std::string from = matched_sql(tx, kind, words, filter, params, score);
  return storage::query_integer(tx.sql(), "SELECT COUNT(*) AS v" + from, std::move(params)).value_or(0);
}

}  // namespace dagboard::search

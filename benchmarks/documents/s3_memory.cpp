// SPDX-License-Identifier: Apache-2.0
// Peak memory of moving one large document through S3 (issue 7: 20 MB on loopback, growth below
// 3x the document). The peak is Linux's VmHWM, reset through /proc/self/clear_refs before each
// step, so each step's growth is measured against the memory held just before it.
//
//   s3_memory SQLITE_URL S3_ENDPOINT [MEGABYTES]   (AWS_* or the s3rver keys S3RVER/S3RVER)
#include <malloc.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <string>

#include <dagboard/dagboard.hpp>

namespace {

long long status_kb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field, 0) == 0) return std::stoll(line.substr(std::string(field).size()));
  return -1;
}

// Freed memory goes back to the system first, so "before" is what is really in use.
void reset_peak() {
  malloc_trim(0);
  std::ofstream("/proc/self/clear_refs") << "5";
}

template <class F>
double growth_of(const char* step, long long size, F&& fn) {
  reset_peak();
  long long before = status_kb("VmRSS:");
  fn();
  long long peak = status_kb("VmHWM:");
  double ratio = static_cast<double>(peak - before) * 1024.0 / static_cast<double>(size);
  std::printf("%-28s rss_before=%lld KB peak=%lld KB growth=%.2fx document\n", step, before, peak,
              ratio);
  return ratio;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: s3_memory SQLITE_URL S3_ENDPOINT [MEGABYTES]\n");
    return 2;
  }
  long long size = (argc > 3 ? std::stoll(argv[3]) : 20) * 1024 * 1024;
  dagboard::OpenOptions options;
  options.documents.max_database_bytes = 1;
  options.documents.s3 = dagboard::S3Options{.endpoint = argv[2], .bucket = "dagboard-test"};
  if (!std::getenv("AWS_ACCESS_KEY_ID"))
    options.documents.s3->access_key_id = options.documents.s3->secret_access_key = "S3RVER";
  auto ws = dagboard::Workspace::open(argv[1], options);
  std::string text(static_cast<size_t>(size), 'a');
  for (size_t i = 0; i < text.size(); i += 4096) text[i] = static_cast<char>('a' + (i / 4096) % 26);
  text += std::to_string(std::time(nullptr));  // a new object every run
  dagboard::NewDocument request{.title = "big",
                                .content = text};  // the caller's copy, made before measuring
  std::string id;
  double store =
      growth_of("documents().store", size, [&] { id = ws.documents().store(request).id; });
  request = {};
  std::string back;
  double retrieve =
      growth_of("documents().content", size, [&] { back = ws.documents().content(id); });
  if (back != text) {
    std::fprintf(stderr, "content differs\n");
    return 1;
  }
  std::printf("document %lld bytes: store %.2fx, retrieve %.2fx (goal < 3x each)\n", size, store,
              retrieve);
  return store < 3 && retrieve < 3 ? 0 : 1;
}

// Appends events given as JSON lines on stdin to a stopped server's data directory, each at the
// end of its stream (a run of lines of one stream and timestamp in one append): how end-to-end
// tests put in events by the thousand, or ones no command makes. Usage: append_events DATA_DIR
// Line: {"stream":"account/u_x","type":"BytesMetered","ts":"2026-11-20T10:15:00.000Z","data":{...}}
#include <boost/json.hpp>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include "events/time.hpp"
#include "infra/limits.hpp"
#include "infra/storage.hpp"

int main(int argc, char** argv) {
  using namespace sluice;
  if (argc != 2) {
    std::fprintf(stderr, "usage: append_events DATA_DIR < events.jsonl\n");
    return 2;
  }
  infra::system_clock clock;
  std::string error_text;
  auto storage = infra::storage::open({argv[1], infra::open_mode::read_write, true}, clock,
                                      error_text);
  if (!storage) {
    std::fprintf(stderr, "append_events: %s\n", error_text.c_str());
    return 1;
  }
  auto& log = (*storage)->log();
  // Consecutive lines of one stream with one timestamp go in one append (one fsync), so tests
  // can put in thousands of events quickly.
  infra::append_request pending;
  std::size_t appended = 0;
  std::map<std::string, std::uint64_t> versions; ///< Each stream's last version, read once.
  auto flush = [&]() -> bool {
    if (pending.events.empty())
      return true;
    const auto count = pending.events.size();
    const auto stream = pending.stream;
    auto ack = log.append(std::move(pending));
    pending = {};
    if (!ack) {
      std::fprintf(stderr, "append_events: %s\n", ack.error().message().c_str());
      return false;
    }
    versions[stream] = ack->stream_version;
    appended += count;
    return true;
  };
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.empty())
      continue;
    boost::system::error_code ec;
    auto v = boost::json::parse(line, ec);
    const auto* o = v.if_object();
    auto ts = o != nullptr && o->contains("ts") && (*o).at("ts").is_string()
                ? events::parse_timestamp(std::string_view{(*o).at("ts").as_string()})
                : std::nullopt;
    if (ec || o == nullptr || !o->contains("stream") || !o->contains("type") || !o->contains("data")
        || !(*o).at("data").is_object() || !ts) {
      std::fprintf(stderr, "append_events: bad line: %s\n", line.c_str());
      return 1;
    }
    const std::string stream{(*o).at("stream").as_string()};
    if (stream != pending.stream || *ts != pending.ts
        || pending.events.size() == infra::limits::append_events_max) {
      if (!flush())
        return 1;
      if (!versions.contains(stream)) {
        auto existing = log.read_stream(stream, 1, static_cast<std::size_t>(-1));
        if (!existing) {
          std::fprintf(stderr, "append_events: %s\n", existing.error().message().c_str());
          return 1;
        }
        versions[stream] = existing->empty() ? 0 : existing->back().version;
      }
      pending = infra::append_request{stream, versions[stream], {}, *ts};
    }
    pending.events.push_back(
      {std::string{(*o).at("type").as_string()}, (*o).at("data").as_object()});
  }
  if (!flush())
    return 1;
  (*storage)->close();
  std::printf("%zu\n", appended);
  return 0;
}

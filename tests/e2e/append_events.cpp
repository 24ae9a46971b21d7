// Appends events given as JSON lines on stdin to a stopped server's data directory, each at the
// end of its stream: how end-to-end tests put in events that only a later issue produces (the
// gateway's BytesMetered). Usage: append_events DATA_DIR
// Line: {"stream":"account/u_x","type":"BytesMetered","ts":"2026-11-20T10:15:00.000Z","data":{...}}
#include <boost/json.hpp>
#include <cstdio>
#include <iostream>
#include <string>

#include "events/time.hpp"
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
  std::string line;
  std::size_t appended = 0;
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
    auto existing = log.read_stream(stream, 1, static_cast<std::size_t>(-1));
    if (!existing) {
      std::fprintf(stderr, "append_events: %s\n", existing.error().message().c_str());
      return 1;
    }
    const std::uint64_t version = existing->empty() ? 0 : existing->back().version;
    infra::append_request request{stream, version, {}, *ts};
    request.events.push_back(
      {std::string{(*o).at("type").as_string()}, (*o).at("data").as_object()});
    auto ack = log.append(std::move(request));
    if (!ack) {
      std::fprintf(stderr, "append_events: %s\n", ack.error().message().c_str());
      return 1;
    }
    ++appended;
  }
  (*storage)->close();
  std::printf("%zu\n", appended);
  return 0;
}

// The Kafka publisher on librdkafka. One thread: read the log after the cursor, produce, serve
// delivery reports, advance the cursor over the confirmed prefix. Idempotent producer with
// acks=all and an unlimited message timeout, so an outage only delays: librdkafka keeps
// retrying, in order. A delivery that fails anyway (a fatal producer error) rebuilds the
// producer and resends from the cursor: duplicates are possible then, gaps never.
#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "infra/log.hpp"
#include "infra/publisher.hpp"

namespace sluice::infra {
namespace {

constexpr std::string_view cursor_name = "kafka_publisher";
constexpr std::size_t read_batch = 500;
constexpr std::size_t in_flight_max = 20'000;
constexpr std::chrono::milliseconds idle_wait{100};
constexpr std::chrono::milliseconds cursor_save_every{200};
constexpr std::chrono::milliseconds rebuild_backoff_min{1000};
constexpr std::chrono::milliseconds rebuild_backoff_max{60'000};
/// Settings that make the delivery guarantees; `kafka.properties` may not change them.
constexpr std::array<std::string_view, 6> fixed_settings{
  "bootstrap.servers", "enable.idempotence",       "acks",
  "partitioner",       "enable.gapless.guarantee", "message.timeout.ms"};

struct rd_kafka_deleter {
  void operator()(rd_kafka_t* rk) const {
    rd_kafka_destroy(rk);
  }
};
using producer_ptr = std::unique_ptr<rd_kafka_t, rd_kafka_deleter>;

class kafka_publisher final : public publisher {
public:
  kafka_publisher(kafka_config config, event_log& log, cursor_store& cursors, const clock& clock,
                  std::uint64_t position)
    : config_(std::move(config)),
      log_(log),
      cursors_(cursors),
      clock_(clock),
      position_(position),
      saved_(position) {
  }

  ~kafka_publisher() override {
    stop();
  }

  /// A producer for the configuration; empty with `error_text` set if librdkafka refuses it.
  producer_ptr make_producer(std::string& error_text) {
    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    auto set = [&](const std::string& k, const std::string& v) {
      if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
        error_text = "kafka." + k + ": " + err;
        return false;
      }
      return true;
    };
    // Gapless: a message that fails for good while a later one of its partition succeeds is
    // a fatal error (then the producer is rebuilt and resends from the cursor, in order).
    bool ok = set("bootstrap.servers", config_.brokers) && set("enable.idempotence", "true")
              && set("acks", "all") && set("partitioner", "murmur2_random")
              && set("enable.gapless.guarantee", "true") && set("message.timeout.ms", "0")
              && set("linger.ms", "5");
    for (const auto& [k, v] : config_.properties) {
      if (std::find(fixed_settings.begin(), fixed_settings.end(), k) != fixed_settings.end()) {
        error_text = "kafka.properties." + k + ": fixed by sluice (delivery guarantees)";
        ok = false;
        break;
      }
      ok = ok && set(k, v);
    }
    if (!ok) {
      rd_kafka_conf_destroy(conf);
      return nullptr;
    }
    rd_kafka_conf_set_opaque(conf, this);
    rd_kafka_conf_set_dr_msg_cb(conf, &kafka_publisher::on_delivery);
    rd_kafka_conf_set_error_cb(conf, &kafka_publisher::on_error);
    producer_ptr rk{rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err)};
    if (!rk) {
      rd_kafka_conf_destroy(conf); // rd_kafka_new takes ownership only when it succeeds.
      error_text = std::string{"kafka: "} + err;
    }
    return rk;
  }

  void start(producer_ptr rk) {
    rk_ = std::move(rk);
    thread_ = std::thread([this] { run(); });
  }

  publisher_stats stats() const override {
    publisher_stats s;
    s.position = position_.load();
    const auto last = log_.last_seq();
    s.lag_events = last > s.position ? last - s.position : 0;
    if (s.lag_events > 0) {
      auto next = log_.read_after(s.position, 1);
      if (next && !next->empty()) {
        const auto age = clock_.now() - next->front().ts;
        s.lag_seconds = std::max(0.0, std::chrono::duration<double>(age).count());
      }
    }
    std::lock_guard lock(error_mutex_);
    s.last_error = last_error_;
    return s;
  }

  bool wait_for_position(std::uint64_t seq, std::chrono::milliseconds timeout) const override {
    std::unique_lock lock(position_mutex_);
    return position_cv_.wait_for(lock, timeout, [&] { return position_.load() >= seq; });
  }

  void stop() override {
    if (stopping_.exchange(true))
      return;
    if (thread_.joinable())
      thread_.join();
  }

private:
  static void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* self = static_cast<kafka_publisher*>(opaque);
    const auto seq = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(m->_private));
    auto it = self->in_flight_.find(seq);
    if (it == self->in_flight_.end())
      return; // From a producer generation already abandoned.
    if (m->err) {
      self->failed_ = true;
      self->note_error(std::string{"delivery of seq "} + std::to_string(seq)
                       + " failed: " + rd_kafka_err2str(m->err));
    } else {
      it->second = true;
    }
  }

  static void on_error(rd_kafka_t*, int err, const char* reason, void* opaque) {
    auto* self = static_cast<kafka_publisher*>(opaque);
    self->note_error(std::string{rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err))} + ": "
                     + reason);
    if (err == RD_KAFKA_RESP_ERR__FATAL)
      self->failed_ = true;
  }

  void note_error(std::string text) {
    std::lock_guard lock(error_mutex_);
    if (text != last_error_)
      log_warn("kafka", text);
    last_error_ = std::move(text);
  }

  /// Produces the events after `next_ - 1` while there is room; false on a produce error that
  /// is not back-pressure.
  bool produce_more() {
    while (in_flight_.size() < in_flight_max) {
      auto batch = log_.read_after(next_ - 1, read_batch);
      if (!batch) {
        note_error("reading the log: " + batch.error().message());
        return false;
      }
      if (batch->empty())
        return true;
      for (const auto& e : *batch) {
        if (!produce(e))
          return !failed_;
        in_flight_.emplace(e.seq, false);
        next_ = e.seq + 1;
      }
    }
    return true;
  }

  bool produce(const events::envelope& e) {
    const auto value = events::to_json(e);
    const auto seq_text = std::to_string(e.seq);
    for (;;) {
      const auto err = rd_kafka_producev(
        rk_.get(), RD_KAFKA_V_TOPIC(config_.topic.c_str()),
        RD_KAFKA_V_KEY(e.stream.data(), e.stream.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_HEADER("event-type", e.type.data(), static_cast<ssize_t>(e.type.size())),
        RD_KAFKA_V_HEADER("event-id", e.id.data(), static_cast<ssize_t>(e.id.size())),
        RD_KAFKA_V_HEADER("event-seq", seq_text.data(), static_cast<ssize_t>(seq_text.size())),
        RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(static_cast<std::uintptr_t>(e.seq))),
        RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
        return true;
      if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        note_error(std::string{"produce: "} + rd_kafka_err2str(err));
        failed_ = true;
        return false;
      }
      rd_kafka_poll(rk_.get(), 50); // Back-pressure: let deliveries drain the queue.
      if (stopping_.load())
        return false;
    }
  }

  /// Moves the cursor over the confirmed prefix and saves it now and then.
  void advance(bool force_save) {
    const auto before = position_.load();
    while (!in_flight_.empty() && in_flight_.begin()->second) {
      std::lock_guard lock(position_mutex_);
      position_.store(in_flight_.begin()->first);
      in_flight_.erase(in_flight_.begin());
    }
    if (position_.load() != before) {
      position_cv_.notify_all();
      backoff_ = rebuild_backoff_min; // Deliveries flow again.
      std::lock_guard lock(error_mutex_);
      last_error_.clear();
    }
    const auto now = clock_.steady_now();
    if (position_.load() != saved_ && (force_save || now - saved_at_ >= cursor_save_every)) {
      if (cursors_.save(cursor_name, position_.load())) {
        saved_ = position_.load();
        saved_at_ = now;
      }
    }
  }

  /// Abandons the producer and everything in flight, then starts over from the cursor.
  void rebuild() {
    log_warn("kafka",
             "rebuilding the producer; resending from seq " + std::to_string(position_.load() + 1));
    if (rk_)
      rd_kafka_purge(rk_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    in_flight_.clear(); // Before destroy: its purge reports must find nothing to mark.
    rk_.reset();
    // A failure that repeats (a topic not authorized, a message too large) is retried, never
    // skipped, but ever more slowly, so it neither spins nor floods the topic with duplicates.
    for (auto waited = std::chrono::milliseconds{0}; waited < backoff_ && !stopping_;
         waited += idle_wait) {
      std::this_thread::sleep_for(idle_wait);
    }
    backoff_ = std::min(backoff_ * 2, rebuild_backoff_max);
    std::string error_text;
    rk_ = make_producer(error_text);
    if (!rk_) {
      note_error(error_text);
      return;
    }
    failed_ = false;
    next_ = position_.load() + 1;
  }

  void run() {
    next_ = position_.load() + 1;
    saved_at_ = clock_.steady_now();
    while (!stopping_.load()) {
      if (!rk_) {
        rebuild();
        continue;
      }
      if (!failed_)
        produce_more();
      rd_kafka_poll(rk_.get(), 0);
      if (failed_) {
        advance(true);
        rebuild();
        continue;
      }
      advance(false);
      if (in_flight_.empty()) {
        log_.wait_for_seq(next_ - 1, idle_wait);
      } else {
        rd_kafka_poll(rk_.get(), static_cast<int>(idle_wait.count()) / 10);
      }
    }
    if (rk_) {
      rd_kafka_flush(rk_.get(), static_cast<int>(stop_timeout_.count()));
      rd_kafka_poll(rk_.get(), 0);
      advance(true);
      in_flight_.clear();
      rk_.reset();
    }
  }

  kafka_config config_;
  event_log& log_;
  cursor_store& cursors_;
  const clock& clock_;
  producer_ptr rk_;
  std::atomic<std::uint64_t> position_;
  std::uint64_t saved_;
  std::chrono::steady_clock::time_point saved_at_{};
  std::uint64_t next_ = 1;
  std::map<std::uint64_t, bool> in_flight_; ///< seq -> confirmed; touched by this thread only.
  bool failed_ = false;
  std::chrono::milliseconds backoff_ = rebuild_backoff_min;
  std::atomic<bool> stopping_{false};
  /// How long stop() waits for brokers to confirm what is in flight.
  std::chrono::milliseconds stop_timeout_{5000};
  mutable std::mutex position_mutex_;
  mutable std::condition_variable position_cv_;
  mutable std::mutex error_mutex_;
  std::string last_error_;
  std::thread thread_;
};

} // namespace

result<std::unique_ptr<publisher>> publisher::start(const kafka_config& config, event_log& log,
                                                    cursor_store& cursors, const clock& clock,
                                                    std::string& error_text) {
  auto position = cursors.load(cursor_name);
  if (!position) {
    error_text = "kafka: cannot read the publisher cursor: " + position.error().message();
    return position.error();
  }
  auto p = std::make_unique<kafka_publisher>(config, log, cursors, clock, *position);
  auto rk = p->make_producer(error_text);
  if (!rk)
    return errc::config_invalid;
  p->start(std::move(rk));
  return std::unique_ptr<publisher>(std::move(p));
}

} // namespace sluice::infra

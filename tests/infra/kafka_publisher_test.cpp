// The Kafka publisher against librdkafka's mock cluster (a real Kafka-protocol broker in
// process): every event in log order per stream, with its key and headers; an outage delays but
// loses nothing; a restart resumes from the cursor.
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <map>

#include "events/base/errc.hpp"
#include "infra/publisher.hpp"
#include "infra/storage.hpp"
#include "tests/support/temp_dir.hpp"

namespace sluice::infra {
namespace {

constexpr const char* topic = "sluice.events";
constexpr int brokers = 3;

struct consumed {
  std::string key;
  std::string value;
  std::map<std::string, std::string> headers;
};

rd_kafka_t* new_handle(rd_kafka_type_t type, std::map<std::string, std::string> settings) {
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  for (const auto& [k, v] : settings)
    EXPECT_EQ(rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err), RD_KAFKA_CONF_OK);
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof err);
  EXPECT_NE(rk, nullptr) << err;
  return rk;
}

class KafkaPublisher : public ::testing::Test {
protected:
  void SetUp() override {
    std::string error_text;
    auto s = storage::open({dir_.path(), open_mode::read_write, true}, clock_, error_text);
    ASSERT_TRUE(s) << error_text;
    storage_ = std::move(*s);
    owner_ = new_handle(RD_KAFKA_PRODUCER, {});
    cluster_ = rd_kafka_mock_cluster_new(owner_, brokers);
    ASSERT_NE(cluster_, nullptr);
    ASSERT_EQ(rd_kafka_mock_topic_create(cluster_, topic, 4, brokers), RD_KAFKA_RESP_ERR_NO_ERROR);
    config_.brokers = rd_kafka_mock_cluster_bootstraps(cluster_);
    config_.topic = topic;
  }

  void TearDown() override {
    if (publisher_)
      publisher_->stop();
    publisher_.reset();
    if (consumer_) {
      rd_kafka_consumer_close(consumer_);
      rd_kafka_destroy(consumer_);
    }
    rd_kafka_mock_cluster_destroy(cluster_);
    rd_kafka_destroy(owner_);
    storage_->close();
  }

  void start() {
    std::string error_text;
    auto p = publisher::start(config_, storage_->log(), storage_->cursors(), publisher_clock_,
                              error_text);
    ASSERT_TRUE(p) << error_text;
    publisher_ = std::move(*p);
  }

  /// `per_stream` events on each of `streams` streams, interleaved.
  void append(int streams, int per_stream) {
    for (int i = 0; i < per_stream; ++i) {
      for (int s = 0; s < streams; ++s) {
        const auto stream = "account/u_" + std::to_string(s);
        const auto version = versions_[stream]++;
        auto ack = storage_->log().append(
          {stream, version, {{"Probe", {{"n", static_cast<std::int64_t>(version + 1)}}}}, {}});
        ASSERT_TRUE(ack) << ack.error().message();
      }
    }
  }

  /// Reads until `count` messages arrived or `polls` polls of 100 ms found nothing more.
  std::vector<consumed> consume(std::size_t count, int polls = 600) {
    if (consumer_ == nullptr) {
      consumer_ = new_handle(RD_KAFKA_CONSUMER, {{"bootstrap.servers", config_.brokers},
                                                 {"group.id", "test"},
                                                 {"auto.offset.reset", "earliest"}});
      rd_kafka_poll_set_consumer(consumer_);
      auto* topics = rd_kafka_topic_partition_list_new(1);
      rd_kafka_topic_partition_list_add(topics, topic, RD_KAFKA_PARTITION_UA);
      EXPECT_EQ(rd_kafka_subscribe(consumer_, topics), RD_KAFKA_RESP_ERR_NO_ERROR);
      rd_kafka_topic_partition_list_destroy(topics);
    }
    for (int idle = 0; received_.size() < count && idle < polls;) {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer_, 100);
      if (m == nullptr) {
        ++idle;
        continue;
      }
      if (!m->err) {
        consumed c;
        c.key.assign(static_cast<const char*>(m->key), m->key_len);
        c.value.assign(static_cast<const char*>(m->payload), m->len);
        rd_kafka_headers_t* hdrs = nullptr;
        if (rd_kafka_message_headers(m, &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
          const char* name = nullptr;
          const void* value = nullptr;
          std::size_t size = 0;
          for (std::size_t i = 0; !rd_kafka_header_get_all(hdrs, i, &name, &value, &size); ++i)
            c.headers[name] = std::string(static_cast<const char*>(value), size);
        }
        received_.push_back(std::move(c));
      }
      rd_kafka_message_destroy(m);
    }
    return received_;
  }

  /// Per stream, the versions in the order Kafka delivered them.
  static std::map<std::string, std::vector<std::uint64_t>>
  versions_by_stream(const std::vector<consumed>& messages) {
    std::map<std::string, std::vector<std::uint64_t>> out;
    for (const auto& m : messages) {
      auto envelope = events::envelope_from_json(m.value);
      EXPECT_TRUE(envelope);
      if (envelope) {
        EXPECT_EQ(envelope->stream, m.key);
        EXPECT_EQ(m.headers.at("event-type"), envelope->type);
        EXPECT_EQ(m.headers.at("event-id"), envelope->id);
        EXPECT_EQ(m.headers.at("event-seq"), std::to_string(envelope->seq));
        out[m.key].push_back(envelope->version);
      }
    }
    return out;
  }

  static void expect_complete_and_ordered(const std::vector<consumed>& messages, int streams,
                                          std::uint64_t per_stream) {
    const auto by_stream = versions_by_stream(messages);
    ASSERT_EQ(by_stream.size(), static_cast<std::size_t>(streams));
    for (const auto& [stream, versions] : by_stream) {
      std::vector<std::uint64_t> expected(per_stream);
      for (std::uint64_t v = 0; v < per_stream; ++v)
        expected[v] = v + 1;
      EXPECT_EQ(versions, expected) << stream;
    }
  }

  testing_support::temp_dir dir_{"sluice_kafka"};
  system_clock clock_;
  /// The publisher's clock, so that lag in seconds is exact: ten minutes after the events.
  manual_clock publisher_clock_{clock_.now() + std::chrono::minutes{10}};
  std::unique_ptr<storage> storage_;
  rd_kafka_t* owner_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
  rd_kafka_t* consumer_ = nullptr;
  kafka_config config_;
  std::unique_ptr<publisher> publisher_;
  std::map<std::string, std::uint64_t> versions_;
  std::vector<consumed> received_;
};

TEST_F(KafkaPublisher, PublishesEveryEventInStreamOrderWithKeyAndHeaders) {
  append(8, 50);
  start();
  ASSERT_TRUE(publisher_->wait_for_position(400, std::chrono::seconds{60}));
  EXPECT_EQ(publisher_->stats().lag_events, 0U);
  expect_complete_and_ordered(consume(400), 8, 50);
  EXPECT_EQ(received_.size(), 400U);
}

TEST_F(KafkaPublisher, AnOutageDelaysPublishingAndLosesNothing) {
  start();
  append(4, 10);
  ASSERT_TRUE(publisher_->wait_for_position(40, std::chrono::seconds{60}));
  for (int b = 1; b <= brokers; ++b)
    rd_kafka_mock_broker_set_down(cluster_, b);
  append(4, 10);
  // Nothing is confirmed while every broker is down.
  EXPECT_FALSE(publisher_->wait_for_position(41, std::chrono::seconds{2}));
  const auto during = publisher_->stats();
  EXPECT_EQ(during.position, 40U);
  EXPECT_EQ(during.lag_events, 40U);
  EXPECT_GT(during.lag_seconds, 590.0);
  for (int b = 1; b <= brokers; ++b)
    rd_kafka_mock_broker_set_up(cluster_, b);
  ASSERT_TRUE(publisher_->wait_for_position(80, std::chrono::seconds{120}));
  EXPECT_EQ(publisher_->stats().lag_seconds, 0.0);
  const auto all = consume(80);
  const auto by_stream = versions_by_stream(all);
  for (const auto& [stream, versions] : by_stream) {
    // Duplicates are allowed around an outage; gaps and reordering are not.
    std::vector<std::uint64_t> unique;
    for (const auto v : versions) {
      if (unique.empty() || v > unique.back())
        unique.push_back(v);
      else
        EXPECT_LE(v, unique.back());
    }
    EXPECT_EQ(unique.size(), 20U) << stream;
    EXPECT_EQ(unique.back(), 20U) << stream;
  }
}

TEST_F(KafkaPublisher, ARestartResumesFromTheCursorWithoutRepeating) {
  append(2, 10);
  start();
  ASSERT_TRUE(publisher_->wait_for_position(20, std::chrono::seconds{60}));
  publisher_->stop();
  publisher_.reset();
  append(2, 5);
  EXPECT_EQ(*storage_->cursors().load("kafka_publisher"), 20U);
  start();
  ASSERT_TRUE(publisher_->wait_for_position(30, std::chrono::seconds{60}));
  expect_complete_and_ordered(consume(30), 2, 15);
  // Nothing more arrives within five idle polls: no repeats after a clean stop.
  EXPECT_EQ(consume(31, 5).size(), 30U);
}

TEST_F(KafkaPublisher, RefusesAnUnknownLibrdkafkaProperty) {
  config_.properties["no.such.property"] = "1";
  std::string error_text;
  auto p = publisher::start(config_, storage_->log(), storage_->cursors(), clock_, error_text);
  EXPECT_EQ(p.error(), errc::config_invalid);
  EXPECT_NE(error_text.find("kafka.no.such.property"), std::string::npos) << error_text;
}

TEST_F(KafkaPublisher, RefusesPropertiesThatWouldWeakenTheDeliveryGuarantees) {
  for (const auto* key : {"acks", "enable.idempotence", "message.timeout.ms", "partitioner"}) {
    config_.properties = {{key, "1"}};
    std::string error_text;
    auto p = publisher::start(config_, storage_->log(), storage_->cursors(), clock_, error_text);
    EXPECT_EQ(p.error(), errc::config_invalid) << key;
    EXPECT_NE(error_text.find(std::string{"kafka.properties."} + key), std::string::npos)
      << error_text;
  }
}

} // namespace
} // namespace sluice::infra

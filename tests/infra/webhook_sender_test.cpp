// The webhook sender's SSRF guard at delivery time (the registration check is the http layer's):
// with the guard on, nothing but https to public addresses is even connected to, whatever the
// URL spells; Retry-After and URL parsing; and a real plain-http exchange on loopback with the
// guard off, as the end-to-end tests use it.
#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <future>
#include <thread>

#include "infra/clock.hpp"
#include "infra/webhook_sender.hpp"
#include "infra/webhook_target.hpp"

namespace sluice::infra {
namespace {

using namespace std::chrono_literals;

webhook_response send_and_wait(webhook_sender& sender, const std::string& url) {
  std::promise<webhook_response> answered;
  sender.send({url, R"({"event":"balance.low"})", {{"webhook-id", "dlv_1"}}},
              [&answered](webhook_response r) { answered.set_value(std::move(r)); });
  auto future = answered.get_future();
  EXPECT_EQ(future.wait_for(20s), std::future_status::ready) << url;
  return future.get();
}

TEST(WebhookSender, TheGuardRefusesNonPublicTargetsBeforeConnecting) {
  system_clock clock;
  auto sender = webhook_sender::start(webhooks_config{}, clock);
  for (const std::string url :
       {"https://127.0.0.1/hook", "https://10.0.0.1/hook", "https://169.254.169.254/latest",
        "https://[::1]/hook", "https://[::ffff:127.0.0.1]/hook", "https://[fc00::1]/hook",
        "https://100.64.0.1/hook", "https://localhost:8443/hook"}) {
    const auto r = send_and_wait(*sender, url);
    EXPECT_EQ(r.status, 0U) << url;
    EXPECT_TRUE(r.error.starts_with("refused: ")) << url << ": " << r.error;
  }
  const auto plain = send_and_wait(*sender, "http://93.184.216.34/hook");
  EXPECT_EQ(plain.error, "url: must be an https:// URL");
  sender->stop();
}

TEST(WebhookSender, PostsOverPlainHttpOnLoopbackWhenPrivateTargetsAreAllowed) {
  namespace asio = boost::asio;
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = acceptor.local_endpoint().port();
  std::string received;
  std::thread server([&] {
    auto socket = acceptor.accept();
    asio::streambuf buffer;
    asio::read_until(socket, buffer, "\r\n\r\n");
    received.assign(asio::buffers_begin(buffer.data()), asio::buffers_end(buffer.data()));
    const std::string answer
      = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n";
    asio::write(socket, asio::buffer(answer));
  });
  system_clock clock;
  webhooks_config config;
  config.allow_private_targets = true;
  auto sender = webhook_sender::start(config, clock);
  const auto r = send_and_wait(*sender, "http://127.0.0.1:" + std::to_string(port) + "/h?x=1");
  server.join();
  EXPECT_EQ(r.status, 503U);
  EXPECT_EQ(r.retry_after, 7s);
  EXPECT_EQ(r.error, "");
  EXPECT_TRUE(received.starts_with("POST /h?x=1 HTTP/1.1\r\n")) << received;
  EXPECT_NE(received.find("Content-Type: application/json\r\n"), std::string::npos);
  EXPECT_NE(received.find("webhook-id: dlv_1\r\n"), std::string::npos);
}

TEST(WebhookSender, ANonAnsweringReceiverTimesOut) {
  namespace asio = boost::asio;
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  system_clock clock;
  webhooks_config config;
  config.allow_private_targets = true;
  config.timeout = 300ms;
  auto sender = webhook_sender::start(config, clock);
  const auto r = send_and_wait(*sender, "http://127.0.0.1:"
                                          + std::to_string(acceptor.local_endpoint().port()) + "/");
  EXPECT_EQ(r.status, 0U);
  EXPECT_EQ(r.error, "reading the answer: timeout");
}

TEST(RetryAfter, ReadsSecondsAndHttpDates) {
  const auto now = events::timestamp{std::chrono::seconds{784111777}}; // 1994-11-06 08:49:37Z
  EXPECT_EQ(parse_retry_after("120", now), 120s);
  EXPECT_EQ(parse_retry_after(" 5 ", now), 5s);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now), 60s);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now), 0s);
  EXPECT_EQ(parse_retry_after("soon", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("-3", now), std::nullopt);
  EXPECT_EQ(parse_retry_after("", now), std::nullopt);
}

TEST(WebhookTarget, ParsesWhatTheSenderNeeds) {
  auto t = parse_webhook_target("https://hooks.example.com:8443/v1/in?src=vela", false);
  EXPECT_EQ(t.error, "");
  EXPECT_TRUE(t.tls);
  EXPECT_TRUE(t.host_is_name);
  EXPECT_EQ(t.host, "hooks.example.com");
  EXPECT_EQ(t.port, "8443");
  EXPECT_EQ(t.path, "/v1/in?src=vela");
  EXPECT_EQ(t.host_header, "hooks.example.com:8443");
  auto v6 = parse_webhook_target("https://[2001:db8::1]", false);
  EXPECT_FALSE(v6.host_is_name);
  EXPECT_EQ(v6.host, "2001:db8::1");
  EXPECT_EQ(v6.port, "443");
  EXPECT_EQ(v6.path, "/");
  EXPECT_EQ(parse_webhook_target("https://user:pw@example.com/", false).error,
            "url: must not contain credentials");
  EXPECT_EQ(parse_webhook_target("http://example.com/", false).error,
            "url: must be an https:// URL");
  EXPECT_EQ(parse_webhook_target("http://example.com/", true).port, "80");
}

TEST(WebhookTarget, RefusesAPortOutsideOneTo65535) {
  for (const char* url : {"https://93.184.216.34:99999/", "https://93.184.216.34:0/",
                          "https://example.com:65536/", "https://example.com:000000443/"}) {
    EXPECT_EQ(parse_webhook_target(url, false).error,
              "url: the port must be a number from 1 to 65535")
      << url;
  }
  EXPECT_EQ(parse_webhook_target("https://example.com:65535/", false).port, "65535");
  EXPECT_EQ(parse_webhook_target("https://example.com:1/", false).port, "1");
  // RFC 3986 §3.2.3: an empty port is the scheme's default.
  EXPECT_EQ(parse_webhook_target("https://example.com:/", false).port, "443");
}

} // namespace
} // namespace sluice::infra

using System.Net;
using System.Net.Sockets;
using System.Text;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Webhooks;

/// <summary>Receivers that misbehave at the socket level, served by a raw loopback TCP listener.</summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookBrokenReceiverTests(WebhookFixture fixture)
{
    /// <summary>
    /// Answers every request with <c>200 OK</c> and a Content-Length of 1000, sends 7 bytes of body and closes: the
    /// status arrived, the body broke off.
    /// </summary>
    private sealed class BrokenBodyReceiver : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _requests;

        public BrokenBodyReceiver()
        {
            _listener.Start();
            _loop = Task.Run(AcceptAsync);
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/broken";
        public int Requests => Volatile.Read(ref _requests);

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
                catch (Exception) { return; }
                using (client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        var buffer = new byte[65536];
                        var text = new StringBuilder();
                        using var read = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                        read.CancelAfter(TimeSpan.FromSeconds(5));
                        while (!HasWholeRequest(text.ToString()))
                        {
                            var n = await stream.ReadAsync(buffer, read.Token);
                            if (n == 0) break;
                            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
                        }
                        Interlocked.Increment(ref _requests);
                        var answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\npartial"u8.ToArray();
                        await stream.WriteAsync(answer, read.Token);
                        await stream.FlushAsync(read.Token);
                    }
                    catch (Exception)
                    {
                        // The next connection is what matters.
                    }
                }
            }
        }

        private static bool HasWholeRequest(string text)
        {
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0) return false;
            var length = text[..end].Split("\r\n")
                .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
                .FirstOrDefault();
            return Encoding.UTF8.GetByteCount(text[(end + 4)..]) >= length;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop;
            _stop.Dispose();
        }
    }

    /// <summary>
    /// Stripe judges a delivery by its status code and ignores the body: a 2xx whose body breaks off is delivered, once.
    /// (It used to throw out of the attempt unrecorded, and the delivery was retried each time its lease ended, forever.)
    /// </summary>
    [Fact]
    public async Task A_2xx_whose_body_breaks_off_is_one_recorded_success()
    {
        await using var receiver = new BrokenBodyReceiver();
        var c = fixture.Client();
        var endpoint = (await c.PostAsync("/v1/webhook_endpoints", ("url", receiver.Url), ("enabled_events[]", "customer.created"))).AssertOk().Id;
        await c.PostAsync("/v1/customers", ("email", "broken-body@example.com"));
        var eventId = (await c.GetAsync("/v1/events", ("type", "customer.created"))).AssertOk().Body["data"]![0]!["id"]!.GetValue<string>();

        var ev = await WebhookDeliveryTests.WaitForAsync(c, eventId, e => e["pending_webhooks"]!.GetValue<int>() == 0 && receiver.Requests > 0);
        Assert.Equal(0, ev["pending_webhooks"]!.GetValue<int>());
        // Longer than the fixture's lease (3 s timeout + 2 s margin): no second request.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(1, receiver.Requests);
        var history = (await c.GetAsync($"/dashboard/events/{eventId}/webhook_attempts")).AssertOk().Body;
        var attempt = Assert.Single(history["attempts"]!.AsArray())!;
        Assert.Equal(200, attempt["status_code"]!.GetValue<int>());
        Assert.Equal(endpoint, attempt["endpoint"]!.GetValue<string>());
        Assert.Equal("succeeded", history["deliveries"]![0]!["state"]!.GetValue<string>());
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Webhooks;

/// <summary>
/// The server as a separate process (<c>dotnet PaymentRecords.Api.dll</c>), killed with SIGKILL while the receiver holds
/// a delivery open: after a restart the event is delivered again (at-least-once), from what PostgreSQL kept.
/// </summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookCrashTests(WebhookFixture fixture)
{
    [Fact]
    public async Task A_delivery_cut_by_kill_9_is_delivered_after_restart()
    {
        var database = "pr_test_crash_" + Guid.NewGuid().ToString("N")[..10];
        var connection = new NpgsqlConnectionStringBuilder(fixture.ServerConnectionString) { Database = database }.ConnectionString;
        var port = FreePort();
        var receiver = fixture.Receiver;
        var url = receiver.NewUrl("crash");
        var first = await ServerProcess.StartAsync(connection, port);
        try
        {
            var c = new StripeTestClient(first.BaseAddress, ServerFixture.NewKey());
            (await c.PostAsync("/v1/webhook_endpoints", ("url", url), ("enabled_events[]", "customer.created"))).AssertOk();
            var held = receiver.HoldAsync(url);
            (await c.PostAsync("/v1/customers", ("email", "crash@example.com"))).AssertOk();
            await held.WaitAsync(TimeSpan.FromSeconds(30));
            first.Kill();
            receiver.Release(url);

            await using var second = await ServerProcess.StartAsync(connection, port);
            var received = await receiver.WaitForAsync(url, 2, TimeSpan.FromSeconds(60));
            Assert.Single(received.Select(r => r.EventId).Distinct());
            var ev = await WebhookDeliveryTests.WaitForAsync(c, received[0].EventId, e => e["pending_webhooks"]!.GetValue<int>() == 0);
            Assert.Equal(0, ev["pending_webhooks"]!.GetValue<int>());
        }
        finally
        {
            first.Kill();
            await WebhookFixture.DropDatabaseAsync(fixture.ServerConnectionString, database);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class ServerProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output;

        private ServerProcess(Process process, StringBuilder output, Uri baseAddress)
        {
            _process = process;
            _output = output;
            BaseAddress = baseAddress;
        }

        public Uri BaseAddress { get; }

        public static async Task<ServerProcess> StartAsync(string connectionString, int port)
        {
            var dll = ApiDll();
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(dll);
            start.Environment["ConnectionStrings__Postgres"] = connectionString;
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            foreach (var (key, value) in WebhookFixture.FastRetries) start.Environment[key.Replace(":", "__")] = value;
            var output = new StringBuilder();
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new ServerProcess(process, output, new Uri($"http://127.0.0.1:{port}"));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited) throw new Xunit.Sdk.XunitException($"The server exited with {process.ExitCode}:\n{server.Output}");
                try
                {
                    if ((await http.GetAsync(new Uri(server.BaseAddress, "/healthz"))).IsSuccessStatusCode) return server;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
                await Task.Delay(200);
            }
            server.Kill();
            throw new Xunit.Sdk.XunitException($"The server did not answer /healthz:\n{server.Output}");
        }

        private string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        /// <summary>SIGKILL: no shutdown, no flush, connections simply drop.</summary>
        public void Kill()
        {
            if (_process.HasExited) return;
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        /// <summary>src/PaymentRecords.Api's build output of the configuration the tests were built in.</summary>
        private static string ApiDll()
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var bin = Path.Combine(dir.FullName, "src", "PaymentRecords.Api", "bin", configuration);
                if (Directory.Exists(bin))
                {
                    var dll = Directory.GetFiles(bin, "PaymentRecords.Api.dll", SearchOption.AllDirectories).FirstOrDefault();
                    if (dll is not null) return dll;
                }
            }
            throw new InvalidOperationException("src/PaymentRecords.Api's build output was not found above " + AppContext.BaseDirectory);
        }

        public ValueTask DisposeAsync()
        {
            Kill();
            _process.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace PaymentRecords.IntegrationTests.Hosting;

/// <summary>
/// <c>scripts/run</c> as a developer uses it: with no connection string it keeps its local cluster in a data folder,
/// so what was written before a stop is served after the next start.
/// </summary>
public sealed class RunScriptTests
{
    // scripts/run publishes the server ReadyToRun before it starts it: minutes on a busy machine the first time.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Stopped_and_started_again_it_serves_the_same_accounts_and_objects()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "paymentrecords-run-test-" + Guid.NewGuid().ToString("N")[..12]);
        var key = "sk_test_run_" + Guid.NewGuid().ToString("N");
        try
        {
            string customerId;
            await using (var first = await RunningServer.StartAsync(dataDir))
            {
                using var create = first.Request(HttpMethod.Post, "/v1/customers", key, "email=kept%40example.com");
                var created = await first.SendAsync(create);
                Assert.Equal(HttpStatusCode.OK, created.Status);
                customerId = created.Body["id"]!.GetValue<string>();
            }

            Assert.True(File.Exists(Path.Combine(dataDir, "data", "PG_VERSION")), "the cluster's files are kept");

            await using var second = await RunningServer.StartAsync(dataDir);
            using var retrieve = second.Request(HttpMethod.Get, "/v1/customers/" + customerId, key, null);
            var retrieved = await second.SendAsync(retrieve);
            Assert.Equal(HttpStatusCode.OK, retrieved.Status);
            Assert.Equal("kept@example.com", retrieved.Body["email"]!.GetValue<string>());

            using var otherKey = second.Request(HttpMethod.Get, "/v1/customers/" + customerId, "sk_test_someone_else", null);
            Assert.Equal(HttpStatusCode.NotFound, (await second.SendAsync(otherKey)).Status);
        }
        finally
        {
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary><c>bash scripts/run</c> on a free port, stopped with SIGTERM as Ctrl+C would.</summary>
    private sealed class RunningServer : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output;
        private readonly HttpClient _http;

        private RunningServer(Process process, StringBuilder output, Uri baseAddress)
        {
            _process = process;
            _output = output;
            _http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        }

        public static async Task<RunningServer> StartAsync(string dataDir)
        {
            var root = RepoRoot();
            var port = FreePort();
            var start = new ProcessStartInfo("bash")
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add(Path.Combine(root, "scripts", "run"));
            // The test run's own cluster (scripts/test exports it) must not leak in: scripts/run chooses its database itself.
            foreach (var inherited in new[] { "ConnectionStrings__Postgres", "PG_LOCAL_DIR", "PG_LOCAL_PORT", "PG_LOCAL_BINDIR" })
            {
                start.Environment.Remove(inherited);
            }

            start.Environment.Remove("PAYMENTRECORDS_EPHEMERAL");
            start.Environment["PAYMENTRECORDS_DATA_DIR"] = dataDir;
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";

            var output = new StringBuilder();
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var server = new RunningServer(process, output, new Uri($"http://127.0.0.1:{port}"));
            var deadline = DateTime.UtcNow + StartTimeout;
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited)
                {
                    throw new Xunit.Sdk.XunitException($"scripts/run exited with {process.ExitCode}:\n{server.Output}");
                }

                try
                {
                    using var health = await server._http.GetAsync("/healthz");
                    if (health.StatusCode == HttpStatusCode.OK) return server;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }

                await Task.Delay(500);
            }

            await server.DisposeAsync();
            throw new Xunit.Sdk.XunitException($"scripts/run did not answer /healthz within {StartTimeout}:\n{server.Output}");
        }

        private string Output { get { lock (_output) return _output.ToString(); } }

        public HttpRequestMessage Request(HttpMethod method, string path, string key, string? form)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            if (form is not null) request.Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded");
            return request;
        }

        public async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpRequestMessage request)
        {
            using var response = await _http.SendAsync(request);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            return (response.StatusCode, body);
        }

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            if (!_process.HasExited)
            {
                // SIGTERM, as Ctrl+C or a service manager would send: the script stops the server, then its cluster.
                using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                try
                {
                    await _process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    throw new Xunit.Sdk.XunitException($"scripts/run did not stop on SIGTERM:\n{Output}");
                }
            }

            Assert.Contains("(kept)", Output);
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static string RepoRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PaymentRecords.sln"))) return dir.FullName;
            }

            throw new DirectoryNotFoundException("No ancestor of the test binaries holds PaymentRecords.sln.");
        }
    }
}

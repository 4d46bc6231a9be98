using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PaymentRecords.IntegrationTests.Infrastructure;

/// <summary>
/// The server as a separate process (<c>dotnet PaymentRecords.Api.dll</c> of the tests' configuration), so a test can
/// kill it with SIGKILL (<see cref="Kill"/>): no shutdown, no flush, connections simply drop.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }


    private readonly Process _process;
    private readonly StringBuilder _output;

    private ServerProcess(Process process, StringBuilder output, Uri baseAddress)
    {
        _process = process;
        _output = output;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<ServerProcess> StartAsync(string connectionString, int port, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = ApiDll();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.Environment["ConnectionStrings__Postgres"] = connectionString;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key.Replace(":", "__")] = value;
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

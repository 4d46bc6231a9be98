using System.Diagnostics;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>Skips, saying why, when Node.js or the installed stripe-node package (scripts/test installs it) is missing.</summary>
public sealed class NodeSdkFactAttribute : FactAttribute
{
    public NodeSdkFactAttribute()
    {
        if (StripeNodeTests.FlowScript() is null)
            Skip = "stripe-node is not installed: run `npm ci` in tests/sdk-node (scripts/test does it when npm is available)";
        else if (StripeNodeTests.NodeBinary() is null)
            Skip = "node is not on PATH";
    }
}

/// <summary>The official stripe-node SDK (19.3.1, pinned to 2025-10-29.clover) drives the whole flow against this server.</summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNodeTests(ServerFixture fixture)
{
    internal static string? FlowScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var folder = Path.Combine(dir.FullName, "tests", "sdk-node");
            if (File.Exists(Path.Combine(folder, "node_modules", "stripe", "package.json"))) return Path.Combine(folder, "flow.js");
        }
        return null;
    }

    internal static string? NodeBinary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(p => Path.Combine(p, "node")).FirstOrDefault(File.Exists);

    /// <summary>
    /// Runs <paramref name="scriptName"/> of tests/sdk-node with node: <paramref name="server"/> (when given) as
    /// STRIPE_HOST/STRIPE_PORT with a fresh STRIPE_KEY, <paramref name="stdin"/> (when given) on its standard input;
    /// at most 60 s.
    /// </summary>
    internal static async Task<(int ExitCode, string Stdout, string Stderr)> RunScriptAsync(
        string scriptName, Uri? server = null, string? stdin = null)
    {
        var script = Path.Combine(Path.GetDirectoryName(FlowScript())!, scriptName);
        var start = new ProcessStartInfo(NodeBinary()!, script)
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        if (server is not null)
        {
            start.Environment["STRIPE_KEY"] = ServerFixture.NewKey();
            start.Environment["STRIPE_HOST"] = server.Host;
            start.Environment["STRIPE_PORT"] = server.Port.ToString();
        }
        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [NodeSdkFact]
    public async Task Invoice_payment_record_and_credit_note_flow_through_stripe_node()
    {
        var (exit, stdout, stderr) = await RunScriptAsync("flow.js", fixture.Server.BaseAddress);
        Assert.True(exit == 0, $"stripe-node flow failed:\n{stdout}\n{stderr}");
        Assert.Contains("stripe-node flow ok", stdout);
    }
}

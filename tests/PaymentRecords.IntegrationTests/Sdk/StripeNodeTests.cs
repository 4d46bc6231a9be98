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

    [NodeSdkFact]
    public async Task Invoice_payment_record_and_credit_note_flow_through_stripe_node()
    {
        var start = new ProcessStartInfo(NodeBinary()!, FlowScript()!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(FlowScript())!,
        };
        start.Environment["STRIPE_KEY"] = ServerFixture.NewKey();
        start.Environment["STRIPE_HOST"] = fixture.Server.BaseAddress.Host;
        start.Environment["STRIPE_PORT"] = fixture.Server.BaseAddress.Port.ToString();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"stripe-node flow failed:\n{await stdout}\n{await stderr}");
        Assert.Contains("stripe-node flow ok", await stdout);
    }
}

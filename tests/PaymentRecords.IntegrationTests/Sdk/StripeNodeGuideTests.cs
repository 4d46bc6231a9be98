using System.Diagnostics;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>tests/sdk-node/guide.js: Stripe's third-party-processor guide, steps 1–4, through stripe-node.</summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNodeGuideTests(ServerFixture fixture)
{
    [NodeSdkFact]
    public async Task Third_party_processor_guide_through_stripe_node()
    {
        var script = Path.Combine(Path.GetDirectoryName(StripeNodeTests.FlowScript())!, "guide.js");
        var start = new ProcessStartInfo(StripeNodeTests.NodeBinary()!, script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        start.Environment["STRIPE_KEY"] = ServerFixture.NewKey();
        start.Environment["STRIPE_HOST"] = fixture.Server.BaseAddress.Host;
        start.Environment["STRIPE_PORT"] = fixture.Server.BaseAddress.Port.ToString();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"stripe-node guide failed:\n{await stdout}\n{await stderr}");
        Assert.Contains("stripe-node guide ok", await stdout);
    }
}

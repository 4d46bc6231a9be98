using System.Diagnostics;
using PaymentRecords.IntegrationTests.Infrastructure;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>Skips, saying why, where Debian's stripe-python (python3-stripe) is not installed; .ci/run installs it.</summary>
public sealed class PythonSdkFactAttribute : FactAttribute
{
    public PythonSdkFactAttribute()
    {
        if (!StripePythonTests.SdkInstalled())
            Skip = "stripe-python is not installed for /usr/bin/python3: apt-get install python3-stripe (.ci/run does it)";
    }
}

/// <summary>
/// tests/sdk-python: the official stripe-python SDK, as Debian ships it (python3-stripe 5.0.0; PyPI is not reachable
/// from these machines), drives Stripe's third-party processor guide against this server, its webhook signature helper
/// included.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class StripePythonTests(ServerFixture fixture)
{
    private const string Python = "/usr/bin/python3";

    internal static bool SdkInstalled()
    {
        if (!File.Exists(Python)) return false;
        using var probe = Process.Start(new ProcessStartInfo(Python, ["-c", "import stripe"]) { RedirectStandardError = true })!;
        probe.WaitForExit(10_000);
        return probe.HasExited && probe.ExitCode == 0;
    }

    private static string Script(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "tests", "sdk-python", name);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(name);
    }

    [PythonSdkFact]
    public async Task Subscription_guide_through_stripe_python_with_its_webhook_signature_helper()
    {
        var start = new ProcessStartInfo(Python, [Script("subscription_guide.py")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["STRIPE_KEY"] = ServerFixture.NewKey();
        start.Environment["STRIPE_HOST"] = fixture.Server.BaseAddress.Host;
        start.Environment["STRIPE_PORT"] = fixture.Server.BaseAddress.Port.ToString();
        // Debian's python, not a pyenv or venv one that lacks the package.
        start.Environment.Remove("PYTHONPATH");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"stripe-python guide failed:\n{await stdout}\n{await stderr}");
        Assert.Contains("stripe-python subscription guide ok", await stdout);
    }
}

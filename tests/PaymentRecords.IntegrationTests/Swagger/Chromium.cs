using OpenQA.Selenium.Chrome;

namespace PaymentRecords.IntegrationTests.Swagger;

/// <summary>
/// The machine's own Chromium and chromedriver (Debian's <c>chromium</c> and <c>chromium-driver</c> packages, which
/// <c>.ci/run</c> installs), driven headless by Selenium. Both paths are given explicitly, so Selenium Manager never
/// tries to download a browser or a driver (nothing can be downloaded here).
/// </summary>
/// <remarks>
/// Paths: <c>CHROMIUM_PATH</c> and <c>CHROMEDRIVER_PATH</c> when set, else <c>/usr/bin/chromium</c> and
/// <c>/usr/bin/chromedriver</c>, else the first <c>chromium</c>/<c>chromium-browser</c> and <c>chromedriver</c>
/// on <c>PATH</c>.
/// </remarks>
public static class Chromium
{
    public const string BrowserVariable = "CHROMIUM_PATH";
    public const string DriverVariable = "CHROMEDRIVER_PATH";

    private static readonly Lazy<(string? Browser, string? Driver)> Found = new(() =>
        (Find(BrowserVariable, "/usr/bin/chromium", "chromium", "chromium-browser"),
            Find(DriverVariable, "/usr/bin/chromedriver", "chromedriver")));

    public static string? BrowserPath => Found.Value.Browser;
    public static string? DriverPath => Found.Value.Driver;

    /// <summary>Why browser tests cannot run here, or null when both programs are installed.</summary>
    public static string? MissingReason =>
        (BrowserPath, DriverPath) switch
        {
            (null, null) => $"No Chromium and no chromedriver found ({Looked(BrowserVariable, "chromium")}; {Looked(DriverVariable, "chromedriver")}): apt-get install chromium chromium-driver.",
            (null, _) => $"No Chromium found ({Looked(BrowserVariable, "chromium")}): apt-get install chromium.",
            (_, null) => $"No chromedriver found ({Looked(DriverVariable, "chromedriver")}): apt-get install chromium-driver.",
            _ => null,
        };

    private static string Looked(string variable, string program) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } set
            ? $"{variable}={set} does not exist"
            : $"not at /usr/bin/{program} nor on PATH; {variable} is unset";

    /// <summary>A headless Chromium with a fresh profile (so nothing is cached between tests).</summary>
    public static ChromeDriver Start()
    {
        if (MissingReason is { } reason) throw new InvalidOperationException(reason);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath)!);
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        var options = new ChromeOptions { BinaryLocation = BrowserPath! };
        // Root in a container: no sandbox; /dev/shm is small there.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1800");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
    }

    /// <summary>Where screenshots go: <c>SCREENSHOT_DIR</c> when set, else <c>screenshots/</c> beside the test binaries.</summary>
    public static string ScreenshotDirectory()
    {
        var dir = Environment.GetEnvironmentVariable("SCREENSHOT_DIR") is { Length: > 0 } env
            ? env
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string? Find(string variable, string debianPath, params string[] names)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnv) return File.Exists(fromEnv) ? fromEnv : null;
        if (File.Exists(debianPath)) return debianPath;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => names.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }
}

/// <summary>A test that needs <see cref="Chromium"/>: skipped, saying what is missing, only where it is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.MissingReason is { } reason) Skip = reason;
    }
}

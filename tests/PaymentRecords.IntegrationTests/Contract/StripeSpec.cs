using System.Text.Json.Nodes;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>
/// Locates and loads the derived Stripe OpenAPI spec (<c>shared/stripe-openapi/spec3.invoicing.json</c>).
/// The env var <c>STRIPE_OPENAPI_SPEC</c> wins when set; otherwise the spec is looked for at
/// <c>../shared/stripe-openapi/spec3.invoicing.json</c> relative to the directory holding <c>PaymentRecords.sln</c>
/// (or, failing that, in <c>shared/stripe-openapi/</c> of a further ancestor, which covers git worktrees).
/// </summary>
public static class StripeSpec
{
    public const string EnvironmentVariable = "STRIPE_OPENAPI_SPEC";
    public const string SpecFileName = "spec3.invoicing.json";
    public const string RelativePathFromRepo = "../shared/stripe-openapi/" + SpecFileName;

    private static readonly Lazy<string?> LazyPath = new(FindPath, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<JsonObject> LazyDocument = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Full path of the spec file, or null when it cannot be found.</summary>
    public static string? Path => LazyPath.Value;

    public static bool IsAvailable => Path is not null;

    /// <summary>The whole parsed spec. Shared: treat as read-only.</summary>
    public static JsonObject Document => LazyDocument.Value;

    /// <summary><c>components.schemas</c> of the spec. Shared: treat as read-only.</summary>
    public static JsonObject Schemas =>
        Document["components"]?["schemas"] as JsonObject
        ?? throw new InvalidOperationException("The spec has no components.schemas.");

    private static string? FindPath()
    {
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return File.Exists(fromEnv) ? System.IO.Path.GetFullPath(fromEnv) : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PaymentRecords.sln")))
            {
                // ../shared next to the repository; for a git worktree nested deeper (e.g. <root>/wt/<name>),
                // the nearest ancestor that holds shared/stripe-openapi/ is used instead.
                for (var up = dir.Parent; up is not null; up = up.Parent)
                {
                    var candidate = System.IO.Path.Combine(up.FullName, "shared", "stripe-openapi", SpecFileName);
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }

                return null;
            }
        }

        return null;
    }

    private static JsonObject Load()
    {
        var path = Path ?? throw new FileNotFoundException(
            $"Stripe OpenAPI spec not found: set {EnvironmentVariable} or put it at {RelativePathFromRepo} next to PaymentRecords.sln.");
        using var stream = File.OpenRead(path);
        return JsonNode.Parse(stream) as JsonObject
            ?? throw new InvalidDataException($"{path} does not hold a JSON object.");
    }
}

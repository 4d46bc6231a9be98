using System.Text.Json.Nodes;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>
/// Locates and loads the repository's Stripe OpenAPI subset, <c>spec/spec3.subset.json</c> (see spec/README.md).
/// The env var <c>STRIPE_OPENAPI_SPEC</c> wins when set. A missing spec makes every contract test fail, never skip:
/// the file is part of the repository.
/// </summary>
public static class StripeSpec
{
    public const string EnvironmentVariable = "STRIPE_OPENAPI_SPEC";
    public const string RelativePathFromRepo = "spec/spec3.subset.json";

    private static readonly Lazy<string> LazyPath = new(FindPath, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<JsonObject> LazyDocument = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Full path of the spec file; throws when it cannot be found.</summary>
    public static string Path => LazyPath.Value;

    /// <summary>The whole parsed spec. Shared: treat as read-only.</summary>
    public static JsonObject Document => LazyDocument.Value;

    /// <summary><c>components.schemas</c> of the spec. Shared: treat as read-only.</summary>
    public static JsonObject Schemas =>
        Document["components"]?["schemas"] as JsonObject
        ?? throw new InvalidOperationException("The spec has no components.schemas.");

    private static string FindPath()
    {
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            return File.Exists(fromEnv)
                ? System.IO.Path.GetFullPath(fromEnv)
                : throw new FileNotFoundException($"{EnvironmentVariable} names {fromEnv}, which does not exist.");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PaymentRecords.sln")))
            {
                var candidate = System.IO.Path.Combine(dir.FullName, RelativePathFromRepo);
                return File.Exists(candidate)
                    ? candidate
                    : throw new FileNotFoundException($"The Stripe OpenAPI subset is missing: {candidate}.");
            }
        }

        throw new FileNotFoundException("No ancestor of the test binaries holds PaymentRecords.sln.");
    }

    private static JsonObject Load()
    {
        using var stream = File.OpenRead(Path);
        return JsonNode.Parse(stream) as JsonObject
            ?? throw new InvalidDataException($"{Path} does not hold a JSON object.");
    }
}

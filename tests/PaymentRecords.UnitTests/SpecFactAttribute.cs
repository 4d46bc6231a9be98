namespace PaymentRecords.UnitTests;

/// <summary>
/// A <see cref="FactAttribute"/> for tests that read the Stripe spec. The spec lives outside the repo, at
/// <c>../shared/stripe-openapi/spec3.invoicing.json</c> relative to the repo root (the directory holding
/// <c>PaymentRecords.sln</c>); a worktree nested deeper also finds it at the same relative path from a further
/// ancestor. When no copy is found the test is skipped.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SpecFactAttribute : FactAttribute
{
    private const string SpecRelativePath = "../shared/stripe-openapi/spec3.invoicing.json";

    public SpecFactAttribute()
    {
        if (SpecPath is null)
        {
            Skip = "../shared/stripe-openapi is absent";
        }
    }

    /// <summary>The repo root: the first ancestor of the test binaries that holds PaymentRecords.sln.</summary>
    public static string? RepoRoot { get; } = FindRepoRoot();

    /// <summary>The full path of spec3.invoicing.json, or null when it is absent.</summary>
    public static string? SpecPath { get; } = FindSpec();

    private static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PaymentRecords.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string? FindSpec()
    {
        for (var dir = RepoRoot is null ? null : new DirectoryInfo(RepoRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.GetFullPath(Path.Combine(dir.FullName, SpecRelativePath));
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

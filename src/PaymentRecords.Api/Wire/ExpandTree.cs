namespace PaymentRecords.Api.Wire;

/// <summary>
/// The <c>expand[]</c> paths as a tree: <c>["customer", "payments.data.payment.payment_record"]</c> becomes
/// customer → {} and payments → data → payment → payment_record. Parsed once per request.
/// </summary>
public sealed class ExpandTree
{
    public const int MaxDepth = 4;

    public static readonly ExpandTree Empty = new();

    public Dictionary<string, ExpandTree> Children { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => Children.Count == 0;

    public ExpandTree? Child(string field) => Children.GetValueOrDefault(field);

    public static ExpandTree Parse(IEnumerable<string> paths, bool isList)
    {
        var root = new ExpandTree();
        foreach (var raw in paths)
        {
            var segments = raw.Split('.');
            if (segments.Any(s => s.Length == 0)) throw new StripeException(ErrorCatalog.CannotExpand(raw));
            // Inside a list, paths start with "data."; that segment does not count as a level.
            var depth = isList && segments[0] == "data" ? segments.Length - 1 : segments.Length;
            if (depth > MaxDepth) throw new StripeException(ErrorCatalog.ExpandTooDeep(raw));
            var node = root;
            foreach (var segment in segments)
            {
                if (!node.Children.TryGetValue(segment, out var next))
                {
                    next = new ExpandTree();
                    node.Children[segment] = next;
                }
                node = next;
            }
        }
        return root;
    }

    /// <summary>All paths below this node, dotted (for error messages).</summary>
    public IEnumerable<string> Paths(string prefix = "")
    {
        foreach (var (name, child) in Children)
        {
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (child.IsEmpty) yield return path;
            else foreach (var p in child.Paths(path)) yield return p;
        }
    }
}

using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Doomsday.Core.Yaml;

/// <summary>
/// A YamlDotNet <see cref="IParser"/> that passes events through and throws <see cref="YamlLimitException"/>
/// as soon as the document goes past <see cref="YamlLimits"/>: before a tree or an object graph is built
/// from it (both are built by recursion), and while the scanner has done work in proportion to the depth
/// allowed, not to the depth written. Counts are per document.
/// </summary>
public sealed class BoundedParser(IParser inner) : IParser
{
    private readonly Stack<(AnchorName Anchor, long ExpandedAtStart)> _open = new();
    private readonly Dictionary<AnchorName, long> _anchorSizes = [];
    private long _expanded; // nodes a reader that expands aliases meets
    private long _viaAliases; // of which through aliases

    public ParsingEvent? Current => inner.Current;

    /// <summary>The event before <see cref="Current"/>: where an error the tree builder finds at the current one began.</summary>
    public ParsingEvent? Previous { get; private set; }

    public bool MoveNext()
    {
        Previous = inner.Current;
        if (!inner.MoveNext()) return false;
        switch (inner.Current)
        {
            case MappingStart or SequenceStart:
                var start = (NodeEvent)inner.Current;
                if (_open.Count >= YamlLimits.MaxDepth)
                {
                    throw new YamlLimitException(start.Start, start.End, $"nested deeper than {YamlLimits.MaxDepth} levels of mappings and lists");
                }
                _open.Push((start.Anchor, _expanded));
                _expanded++;
                break;
            case MappingEnd or SequenceEnd:
                var (anchor, at) = _open.Pop();
                if (!anchor.IsEmpty) _anchorSizes[anchor] = _expanded - at;
                break;
            case Scalar scalar:
                _expanded++;
                if (!scalar.Anchor.IsEmpty) _anchorSizes[scalar.Anchor] = 1;
                break;
            case AnchorAlias alias:
                // An alias inside the node its anchor names makes the tree a cycle, which every recursive reader of
                // it would follow until the stack overflows. Refused, as go-yaml v3 (kubectl's parser) refuses it:
                // "anchor '…' value contains itself". YamlDotNet refuses undefined anchors itself.
                if (_open.Any(o => o.Anchor == alias.Value))
                    throw new YamlLimitException(alias.Start, alias.End, $"anchor '{alias.Value}' value contains itself (a recursive structure)");
                var size = _anchorSizes.GetValueOrDefault(alias.Value, 1);
                _expanded = Add(_expanded, size);
                _viaAliases = Add(_viaAliases, size);
                if (_viaAliases > YamlLimits.AliasFloor && _expanded > YamlLimits.NodeFloor
                    && (double)_viaAliases / _expanded > YamlLimits.AllowedAliasRatio(_expanded))
                {
                    throw new YamlLimitException(alias.Start, alias.End,
                        $"excessive aliasing: aliases would expand the document to {_expanded} nodes or more, {_viaAliases} of them repeats");
                }
                break;
            case DocumentEnd:
                _anchorSizes.Clear();
                _expanded = _viaAliases = 0;
                break;
        }
        return true;
    }

    private static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}

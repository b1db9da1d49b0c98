using Recommender.Core.Artifacts;
using Recommender.Core.Serving;

namespace Recommender.Core.Rules;

/// <summary>
/// What one request keeps out besides seen and disliked items: the blocked items (an operator's rule) and the
/// request's genre filter. The recommender resolves it to item indices of the serving model and masks them before
/// top-K, so a filtered answer still has K items when the catalogue has them.
/// </summary>
public sealed record ItemFilter(IReadOnlySet<string> BlockedItems, GenreFilter Genres)
{
    public static ItemFilter None { get; } = new(new HashSet<string>(StringComparer.Ordinal), GenreFilter.None);

    /// <summary>
    /// The indices of <paramref name="model"/>'s items this filter removes, followed by <paramref name="alsoExcluded"/>
    /// (a user's dislikes), as one list for the engine's exclusion mask. Unknown genre names match no item.
    /// </summary>
    public int[] ExcludedIndices(ServingModel model, ReadOnlySpan<int> alsoExcluded)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (BlockedItems.Count == 0 && Genres.IsEmpty)
        {
            return alsoExcluded.ToArray();
        }

        // Two passes over the catalogue (count, then fill) so a filter that removes most items costs one exact array.
        var test = new GenreTest(this, model.Package.Genres);
        int genreExcluded = 0;
        if (!Genres.IsEmpty)
        {
            for (int item = 0; item < model.ItemCount; item++)
            {
                genreExcluded += test.Removes(item) ? 1 : 0;
            }
        }

        int[] excluded = new int[BlockedItems.Count + genreExcluded + alsoExcluded.Length];
        int count = 0;
        foreach (string id in BlockedItems)
        {
            // A blocked id the model does not know (blocked ahead of a later model) has nothing to mask here.
            if (model.Package.Items.TryGetIndex(id, out int index))
            {
                excluded[count++] = index;
            }
        }

        for (int item = 0; genreExcluded > 0 && item < model.ItemCount; item++)
        {
            if (test.Removes(item))
            {
                excluded[count++] = item;
            }
        }

        alsoExcluded.CopyTo(excluded.AsSpan(count));
        count += alsoExcluded.Length;
        return count == excluded.Length ? excluded : excluded[..count];
    }

    private static int[] GenreIds(ItemGenres? genres, IReadOnlyList<string> names)
    {
        if (genres is null)
        {
            return [];
        }

        var ids = new List<int>(names.Count);
        foreach (string name in names)
        {
            if (genres.TryGetId(name, out int id))
            {
                ids.Add(id);
            }
        }

        return [.. ids];
    }

    /// <summary>Whether the genre filter removes an item: by bit masks when the model has at most 64 genres, else by id lists.</summary>
    private readonly struct GenreTest
    {
        private readonly ItemGenres? _genres;
        private readonly bool _includeAll;
        private readonly int[] _include;
        private readonly int[] _exclude;
        private readonly ulong _includeMask;
        private readonly ulong _excludeMask;

        public GenreTest(ItemFilter filter, ItemGenres? genres)
        {
            _genres = genres;
            _includeAll = filter.Genres.Include.Count == 0;
            _include = GenreIds(genres, filter.Genres.Include);
            _exclude = GenreIds(genres, filter.Genres.Exclude);
            foreach (int id in _include)
            {
                _includeMask |= 1UL << id;
            }

            foreach (int id in _exclude)
            {
                _excludeMask |= 1UL << id;
            }
        }

        public bool Removes(int item)
        {
            // Without genres no item has the included genres; an include list of only unknown names keeps nothing.
            if (_genres is null)
            {
                return !_includeAll;
            }

            if (_genres.Masks is { } masks)
            {
                ulong mask = masks[item];
                return (!_includeAll && (mask & _includeMask) == 0) || (mask & _excludeMask) != 0;
            }

            return (!_includeAll && !_genres.HasAny(item, _include)) || (_exclude.Length > 0 && _genres.HasAny(item, _exclude));
        }
    }
}

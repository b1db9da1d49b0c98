namespace Recommender.Core.Artifacts;

/// <summary>
/// The genres of each item of a model version, in item index order (artifact <see cref="ArtifactNames.ItemGenres"/>),
/// with the version's genre vocabulary. Genre names compare case-insensitively; each is stored as the catalogue spells it.
/// </summary>
public sealed class ItemGenres
{
    private readonly string[][] _genres;
    private readonly int[][] _genreIds;
    private readonly Dictionary<string, int> _ids = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _names = [];

    public ItemGenres(string[][] genres)
    {
        ArgumentNullException.ThrowIfNull(genres);
        _genres = genres;
        _genreIds = new int[genres.Length][];
        for (int item = 0; item < genres.Length; item++)
        {
            string[] names = genres[item] ?? throw new InvalidDataException($"Item {item} has a null genre list.");
            var ids = new int[names.Length];
            for (int n = 0; n < names.Length; n++)
            {
                if (string.IsNullOrWhiteSpace(names[n]))
                {
                    throw new InvalidDataException($"Item {item} has an empty genre name.");
                }

                if (!_ids.TryGetValue(names[n], out int id))
                {
                    id = _names.Count;
                    _ids.Add(names[n], id);
                    _names.Add(names[n]);
                }

                ids[n] = id;
            }

            _genreIds[item] = ids;
        }

        // With at most 64 genres each item's genres fit one bit mask, so a filter tests an item with one AND.
        if (_names.Count <= 64)
        {
            var masks = new ulong[genres.Length];
            for (int item = 0; item < masks.Length; item++)
            {
                foreach (int id in _genreIds[item])
                {
                    masks[item] |= 1UL << id;
                }
            }

            Masks = masks;
        }

        string[] known = [.. _names];
        Array.Sort(known, StringComparer.OrdinalIgnoreCase);
        Known = known;
    }

    /// <summary>Number of items (the model's item count).</summary>
    public int Count => _genres.Length;

    /// <summary>Every genre some item has, sorted by name.</summary>
    public IReadOnlyList<string> Known { get; }

    /// <summary>The genres of an item (empty when the catalogue lists none).</summary>
    public IReadOnlyList<string> Of(int item) => _genres[item];

    /// <summary>Bit g of item i's mask is set when the item has genre id g; null when there are more than 64 genres.</summary>
    public ulong[]? Masks { get; }

    /// <summary>The per-item lists as the artifact stores them.</summary>
    internal string[][] PerItem => _genres;

    /// <summary>The id of a genre name (any letter case), for <see cref="HasAny"/>.</summary>
    public bool TryGetId(string name, out int id) => _ids.TryGetValue(name, out id);

    /// <summary>Whether <paramref name="item"/> has at least one of the genres in <paramref name="genreIds"/> (few, so a scan).</summary>
    public bool HasAny(int item, ReadOnlySpan<int> genreIds)
    {
        foreach (int id in _genreIds[item])
        {
            if (genreIds.Contains(id))
            {
                return true;
            }
        }

        return false;
    }
}

using System.Globalization;
using System.Text;

namespace Recommender.Core.Data;

/// <summary>What a loader read from one source: rows read, accepted, rejected by reason, duplicates merged.</summary>
public sealed class RejectReport
{
    /// <summary>How many rejected rows are kept as examples for messages.</summary>
    public const int MaxExamples = 5;

    /// <summary>How many rejected rows are kept per reason for the data-quality report.</summary>
    public const int MaxExamplesPerReason = 3;

    /// <summary>Characters of a rejected row's raw text kept in an example.</summary>
    public const int MaxExampleText = 120;

    private static readonly RejectReason[] _allReasons = Enum.GetValues<RejectReason>();

    private readonly long[] _rejected = new long[_allReasons.Length];
    private readonly List<RejectedRow> _examples = [];
    private readonly List<RejectedRow>[] _examplesByReason = CreateExampleLists();

    public RejectReport(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
    }

    /// <summary>Smallest value the loader accepted; null when unbounded.</summary>
    public double? MinValue { get; internal set; }

    /// <summary>Largest value the loader accepted; null when unbounded.</summary>
    public double? MaxValue { get; internal set; }

    /// <summary>The id rule the loader applied, in words.</summary>
    public string IdRule { get; internal set; } = Data.IdRule.Default.Description;

    /// <summary>The file or blob name the rows came from.</summary>
    public string Source { get; }

    /// <summary>Data rows read (the header and blank lines are not rows).</summary>
    public long RowsRead { get; private set; }

    /// <summary>Rows that parsed; duplicates merged later are included here.</summary>
    public long Accepted => RowsRead - Rejected;

    /// <summary>Rows rejected for any reason.</summary>
    public long Rejected { get; private set; }

    /// <summary>Accepted rows dropped because a later event for the same (user, item) pair won.</summary>
    public long DuplicatesMerged { get; private set; }

    /// <summary>Rejected / RowsRead (0 for an empty input).</summary>
    public double RejectRate => RowsRead == 0 ? 0 : (double)Rejected / RowsRead;

    /// <summary>The first few rejected rows, in file order.</summary>
    public IReadOnlyList<RejectedRow> Examples => _examples;

    /// <summary>Rejected rows per reason; every reason is present, zeros included.</summary>
    public IReadOnlyDictionary<RejectReason, long> RejectedByReason
    {
        get
        {
            var counts = new Dictionary<RejectReason, long>(_allReasons.Length);
            foreach (RejectReason reason in _allReasons)
            {
                counts[reason] = _rejected[(int)reason];
            }

            return counts;
        }
    }

    /// <summary>Rejected rows for one reason.</summary>
    public long RejectedFor(RejectReason reason) => _rejected[(int)reason];

    /// <summary>The first few (<see cref="MaxExamplesPerReason"/>) rejected rows of one reason, in file order.</summary>
    public IReadOnlyList<RejectedRow> ExamplesFor(RejectReason reason) => _examplesByReason[(int)reason];

    /// <summary>One line such as "ratings.csv: 3 of 1,000 rows rejected (0.30%): WrongColumnCount 1, EmptyId 2".</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Source}: {Rejected:N0} of {RowsRead:N0} rows rejected ({RejectRate * 100:0.00}%)");
        string separator = ": ";
        foreach (RejectReason reason in _allReasons)
        {
            long count = _rejected[(int)reason];
            if (count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{separator}{reason} {count:N0}");
                separator = ", ";
            }
        }

        if (_examples.Count > 0)
        {
            text.Append("; first: ");
            for (int i = 0; i < _examples.Count; i++)
            {
                RejectedRow row = _examples[i];
                text.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? string.Empty : "; ")}line {row.LineNumber} {row.Reason} ({row.Detail})");
            }
        }

        return text.ToString();
    }

    /// <summary>Throws <see cref="DataFormatException"/> when the reject rate exceeds <paramref name="maxRejectRate"/>.</summary>
    public void ThrowIfOverLimit(double maxRejectRate)
    {
        if (RejectRate > maxRejectRate)
        {
            throw new DataFormatException(
                string.Create(CultureInfo.InvariantCulture, $"Too many malformed rows (limit {maxRejectRate * 100:0.00}%). {Describe()}"))
            {
                Report = this,
            };
        }
    }

    internal void CountRow() => RowsRead++;

    internal void CountReject(RejectReason reason, long lineNumber, ReadOnlySpan<char> excerpt, ReadOnlySpan<char> rawText = default)
    {
        _rejected[(int)reason]++;
        Rejected++;
        List<RejectedRow> sameReason = _examplesByReason[(int)reason];
        if (_examples.Count < MaxExamples || sameReason.Count < MaxExamplesPerReason)
        {
            const int MaxExcerpt = 60;
            var row = new RejectedRow(lineNumber, reason, Cut(excerpt, MaxExcerpt)) { Text = Cut(rawText.IsEmpty ? excerpt : rawText.TrimEnd("\r\n"), MaxExampleText) };
            if (_examples.Count < MaxExamples)
            {
                _examples.Add(row);
            }

            if (sameReason.Count < MaxExamplesPerReason)
            {
                sameReason.Add(row);
            }
        }
    }

    /// <summary>
    /// Counts a record with unbalanced quotes as rejected rows, one per physical line it swallowed, so a stray
    /// quote that runs on over many lines shows up in the reject rate instead of silently hiding those rows.
    /// </summary>
    internal void CountUnbalancedQuotes(long lineNumber, long lineCount)
    {
        long extraLines = Math.Max(0, lineCount - 1);
        RowsRead += extraLines;
        _rejected[(int)RejectReason.WrongColumnCount] += extraLines;
        Rejected += extraLines;
        CountReject(RejectReason.WrongColumnCount, lineNumber, string.Create(CultureInfo.InvariantCulture, $"unbalanced quotes over {Math.Max(1, lineCount)} line(s)"));
    }

    internal void CountDuplicatesMerged(long count) => DuplicatesMerged += count;

    private static string Cut(ReadOnlySpan<char> text, int max) => text.Length > max ? string.Concat(text[..max], "...") : text.ToString();

    private static List<RejectedRow>[] CreateExampleLists()
    {
        var lists = new List<RejectedRow>[_allReasons.Length];
        for (int i = 0; i < lists.Length; i++)
        {
            lists[i] = [];
        }

        return lists;
    }
}

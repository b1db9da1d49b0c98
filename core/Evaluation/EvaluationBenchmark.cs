using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Recommender.Core.Als;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Time of one <see cref="Evaluator"/> run on random factors (every user with one held-out item and about 20 seen
/// items), scoring 1, 4, 8 and 16 users per pass over the item matrix. The pass sizes take turns round by round, so
/// machine noise hits them alike; every pass size must give the metrics of one user per pass to the bit.
/// </summary>
public static class EvaluationBenchmark
{
    private static readonly int[] _passSizes = [1, 4, 8, 16];

    public static EvaluationBenchmarkResult Run(int users, int items, int factors, int rounds, int threads, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(users, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(items, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(factors, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        var random = new Random(seed);
        var scorer = new FactorScorer(AlsFactors.Uniform(users, items, factors, random));
        (CsrMatrix seen, HeldOutSet heldOut) = RandomSplit(users, items, random);

        var seconds = new double[_passSizes.Length][];
        var reports = new EvaluationReport[_passSizes.Length];
        for (int p = 0; p < _passSizes.Length; p++)
        {
            seconds[p] = new double[rounds];
        }

        // One untimed round first, so tiered compilation has produced the optimised kernels.
        for (int round = -1; round < rounds; round++)
        {
            for (int p = 0; p < _passSizes.Length; p++)
            {
                long started = Stopwatch.GetTimestamp();
                reports[p] = Evaluator.Evaluate(scorer, seen, heldOut, [10], threads, _passSizes[p]);
                if (round >= 0)
                {
                    seconds[p][round] = Stopwatch.GetElapsedTime(started).TotalSeconds;
                }
            }
        }

        var figures = new List<EvaluationPassFigures>(_passSizes.Length);
        for (int p = 0; p < _passSizes.Length; p++)
        {
            Array.Sort(seconds[p]);
            bool identical = Same(reports[p], reports[0]);
            figures.Add(new EvaluationPassFigures(_passSizes[p], seconds[p][rounds / 2], identical));
        }

        return new EvaluationBenchmarkResult(users, items, factors, rounds, threads, seed, CpuDeviceInfo.Current.Name, CpuDeviceInfo.InstructionSets(), Evaluator.UsersPerPass(items), figures);
    }

    private static bool Same(EvaluationReport a, EvaluationReport b)
    {
        foreach (var (key, value) in a.Metrics)
        {
            if (!b.Metrics.TryGetValue(key, out double other) || BitConverter.DoubleToInt64Bits(value) != BitConverter.DoubleToInt64Bits(other))
            {
                return false;
            }
        }

        return a.Metrics.Count == b.Metrics.Count;
    }

    // About 20 distinct seen items per user (fewer in tiny catalogues) and one held-out item that is not among them.
    private static (CsrMatrix Seen, HeldOutSet HeldOut) RandomSplit(int users, int items, Random random)
    {
        int perUser = Math.Min(20, items - 1);
        var pointers = new int[users + 1];
        var columns = new int[users * perUser];
        var heldUsers = new int[users];
        var heldItems = new int[users];
        var picked = new HashSet<int>();
        for (int u = 0; u < users; u++)
        {
            picked.Clear();
            while (picked.Count < perUser + 1)
            {
                picked.Add(random.Next(items));
            }

            int[] row = ArrayPool<int>.Shared.Rent(picked.Count);
            picked.CopyTo(row);
            heldUsers[u] = u;
            heldItems[u] = row[perUser];
            Array.Sort(row, 0, perUser);
            Array.Copy(row, 0, columns, u * perUser, perUser);
            ArrayPool<int>.Shared.Return(row);
            pointers[u + 1] = (u + 1) * perUser;
        }

        var values = new float[columns.Length];
        Array.Fill(values, 1f);
        return (new CsrMatrix(users, items, pointers, columns, values), HeldOutSet.FromPairs(users, items, heldUsers, heldItems));
    }
}

/// <summary>One pass size's median seconds per evaluation, and whether its metrics equal one user per pass's.</summary>
public sealed record EvaluationPassFigures(int UsersPerPass, double MedianSeconds, bool Identical);

/// <summary>The evaluation benchmark's outcome (the bench-evaluate command's stdout, as JSON).</summary>
public sealed record EvaluationBenchmarkResult(
    int Users, int Items, int Factors, int Rounds, int Threads, int Seed, string Cpu, IReadOnlyList<string> CpuFeatures, int DefaultUsersPerPass, IReadOnlyList<EvaluationPassFigures> Passes)
{
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("users", Users);
            json.WriteNumber("items", Items);
            json.WriteNumber("factors", Factors);
            json.WriteNumber("rounds", Rounds);
            json.WriteNumber("threads", Threads);
            json.WriteNumber("seed", Seed);
            json.WriteString("cpu", Cpu);
            CpuDeviceInfo.WriteInstructionSets(json, CpuFeatures);
            json.WriteNumber("defaultUsersPerPass", DefaultUsersPerPass);
            double single = Passes[0].MedianSeconds;
            json.WriteStartArray("passes");
            foreach (EvaluationPassFigures pass in Passes)
            {
                json.WriteStartObject();
                json.WriteNumber("usersPerPass", pass.UsersPerPass);
                json.WriteNumber("medianSeconds", Math.Round(pass.MedianSeconds, 4));
                json.WriteNumber("speedUpOverOne", pass.MedianSeconds > 0 ? Math.Round(single / pass.MedianSeconds, 2) : 0);
                json.WriteBoolean("identicalMetrics", pass.Identical);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

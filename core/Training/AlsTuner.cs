using Recommender.Core.Als;
using Recommender.Core.Data;
using Recommender.Core.Evaluation;
using Recommender.Core.Signal;

namespace Recommender.Core.Training;

/// <summary>
/// A wall-clock-budgeted random search over factors, iterations, regularisation, alpha, the learning signal (with and
/// without recency weighting) and the
/// refinements of Rendle et al. (2022): frequency-scaled regularisation (exponent 0 or 1, each with its own lambda
/// range, since lambda then multiplies a row's total weight), the weight of unobserved items and the initialisation
/// scale. Exponent and weight are searched only on fitters that support them. Each
/// trial fits on the training rows without the validation rows and is scored on the validation positives (each
/// user's two latest training positives, see <see cref="LeaveLastOutSplit"/>); the test rows are never read. The first trial is the given starting point,
/// the second the same point with recency weighting (<see cref="PriorHalfLife"/>). The
/// best three trials are then fitted once more with another seed and the choice is by the mean of both scores.
/// A trial starts only when its estimated time, and that of its second fit should it become a finalist, still fits
/// the budget (<see cref="TrialEstimate"/>); on a large data set the search therefore spends its last seconds on
/// cheaper points or stops, rather than overrunning the budget by a long fit. On a data set with more than
/// <paramref name="maxValidationUsers"/> validation users, trials are scored on that many of them, spread evenly: on a
/// large catalogue, ranking every item for every user costs several fits, and a sample of that size already measures
/// NDCG far more finely than the differences between trials.
/// </summary>
public sealed class AlsTuner(IAlsFitter fitter, int k, TimeProvider? time = null, int maxValidationUsers = AlsTuner.DefaultMaxValidationUsers)
{
    /// <summary>Validation users scored per trial at most, unless the constructor says otherwise.</summary>
    public const int DefaultMaxValidationUsers = 20_000;

    /// <summary>How many of the best trials are fitted again with another seed before the choice.</summary>
    internal const int FinalistCount = 3;

    /// <summary>
    /// The recency half-life of the second trial. Recency weighting was the largest single gain measured on
    /// MovieLens (1.30x the defaults at half-life 5), so a budget that allows only a few trials still tries it.
    /// </summary>
    internal const float PriorHalfLife = 5f;

    /// <summary>How many random points are drawn for one trial before the search concludes that none fits the budget left.</summary>
    internal const int DrawsPerTrial = 10;

    private const int RecheckSeedOffset = 1_000_003;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    private static readonly int[] _factors = [32, 64, 128];
    private static readonly int[] _iterations = [10, 15, 25];
    private static readonly float[] _regularizations = [0.01f, 0.05f, 0.1f, 0.5f, 1f, 5f];
    private static readonly float[] _alphas = [0.5f, 1f, 2f, 5f, 10f];

    // Under exponent 1 a user's lambda is multiplied by (its items + w * all items), thousands on MovieLens.
    private static readonly float[] _scaledRegularizations = [1e-5f, 3e-5f, 1e-4f, 3e-4f, 1e-3f, 3e-3f];
    private static readonly float[] _unobservedWeights = [0.05f, 0.1f, 0.25f, 0.5f, 1f];
    private static readonly float[] _initScales = [0.001f, 0.01f, 0.1f];

    // 0: no recency weighting. Otherwise a user's n-th latest interaction weighs 0.5^(n / half-life).
    private static readonly float[] _recencyHalfLives = [0f, 2f, 5f, 10f, 25f];

    /// <summary>The learning signals searched, by the names trials record.</summary>
    public static IReadOnlyList<(string Name, SignalOptions Options)> Signals(float minRating) =>
    [
        ("none", new SignalOptions()),
        Named(new SignalOptions { PositiveThreshold = minRating }),
        Named(new SignalOptions { PositiveThreshold = minRating, Weighting = InteractionWeighting.Binary }),
        Named(new SignalOptions { Weighting = InteractionWeighting.Bm25 }),
    ];

    private static (string Name, SignalOptions Options) Named(SignalOptions signal) => (Describe(signal), signal);

    /// <summary>A short name of a signal for the trial record, e.g. "binary >= 4".</summary>
    public static string Describe(SignalOptions signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        string weighting = signal.Weighting.ToString().ToLowerInvariant();
        string name = signal.PositiveThreshold is float t
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{(signal.Weighting == InteractionWeighting.None ? "ratings" : weighting)} >= {t}{(signal.BelowThresholdWeight > 0 ? $", below at {signal.BelowThresholdWeight}" : string.Empty)}")
            : weighting;
        return signal.RecencyHalfLife is float h
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}, recency half-life {h}")
            : name;
    }

    /// <summary>
    /// Searches while trials fit <paramref name="budget"/> (at least the starting point runs) and returns every trial
    /// with the index of the best, the options of the best, and how many validation users each trial was scored on.
    /// </summary>
    public TuningResult Search(
        InteractionTable table, EvaluationSplit split, AlsOptions start, SignalOptions startSignal, TimeSpan budget, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(start);
        if (split.ValidationRows.Length == 0)
        {
            throw new ArgumentException("Tuning needs a split with validation rows (leave-last-out with validation).", nameof(split));
        }

        CsrMatrix train = table.ToUserItemMatrix(split.TrainRows);
        CsrMatrix recency = RecencyRanks.Of(table, split.TrainRows);
        HeldOutSet validation = HeldOutSet.FromRows(table, split.ValidationRows).EvenSample(maxValidationUsers);
        IReadOnlyList<(string Name, SignalOptions Options)> signals = Signals(split.MinRating);
        var random = new Random(seed);
        long started = _time.GetTimestamp();
        var trials = new List<TuningTrial>();
        var candidates = new List<(AlsOptions Als, SignalOptions Signal)>();
        (AlsOptions Als, SignalOptions Signal)? next = (start, startSignal);
        SignalOptions prior = startSignal with { RecencyHalfLife = PriorHalfLife };

        while (next is (AlsOptions als, SignalOptions signal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            long trialStarted = _time.GetTimestamp();
            AlsFactors factors = fitter.Fit(TrainingSignal.Apply(train, signal, recency), als, progress: null, cancellationToken);
            double ndcg = Evaluator.Evaluate(new FactorScorer(factors), train, validation, [k]).Get("ndcg", k);
            trials.Add(new TuningTrial
            {
                Factors = als.Factors,
                Iterations = als.Iterations,
                Regularization = als.Regularization,
                RegularizationExponent = als.RegularizationExponent,
                UnobservedWeight = als.UnobservedWeight,
                InitScale = als.InitScale,
                Alpha = als.Alpha,
                Signal = Describe(signal),
                ValidationNdcg = ndcg,
                Seconds = _time.GetElapsedTime(trialStarted).TotalSeconds,
            });
            candidates.Add((als, signal));

            double secondsLeft = (budget - _time.GetElapsedTime(started)).TotalSeconds;
            next = trials.Count == 1 && startSignal.RecencyHalfLife is null
                ? IfItFits((start, prior), trials, secondsLeft)
                : Draw(start, signals, random, trials, secondsLeft);
        }

        int best = Recheck(trials, candidates, train, recency, validation, cancellationToken);
        return new TuningResult(trials, best, candidates[best].Als, candidates[best].Signal, validation.Users.Count);
    }

    /// <summary>
    /// Fits the best few trials again with another seed and returns the index of the one with the best mean of both
    /// validation scores. The highest of many noisy scores is partly luck, and a model that varies more from seed to
    /// seed (more factors, weaker regularisation) wins that draw more often than it deserves; on MovieLens the search
    /// kept choosing 128 factors whose validation lead did not carry over to the test split.
    /// </summary>
    private int Recheck(List<TuningTrial> trials, List<(AlsOptions Als, SignalOptions Signal)> candidates, CsrMatrix train, CsrMatrix recency, HeldOutSet validation, CancellationToken cancellationToken)
    {
        if (trials.Count == 1)
        {
            return 0;
        }

        int best = -1;
        double bestMean = double.NegativeInfinity;
        foreach (int i in Finalists(trials))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (als, signal) = candidates[i];
            AlsFactors factors = fitter.Fit(TrainingSignal.Apply(train, signal, recency), als with { Seed = als.Seed + RecheckSeedOffset }, progress: null, cancellationToken);
            double recheck = Evaluator.Evaluate(new FactorScorer(factors), train, validation, [k]).Get("ndcg", k);
            trials[i] = trials[i] with { RecheckNdcg = recheck };
            double mean = (trials[i].ValidationNdcg + recheck) / 2;
            if (mean > bestMean)
            {
                bestMean = mean;
                best = i;
            }
        }

        return best;
    }

    /// <summary>Indices of the <see cref="FinalistCount"/> trials with the best validation NDCG, best first (earlier wins ties).</summary>
    internal static List<int> Finalists(IReadOnlyList<TuningTrial> trials)
    {
        var finalists = new List<int>(FinalistCount + 1);
        for (int i = 0; i < trials.Count; i++)
        {
            int at = finalists.Count;
            while (at > 0 && trials[i].ValidationNdcg > trials[finalists[at - 1]].ValidationNdcg)
            {
                at--;
            }

            if (at < FinalistCount)
            {
                finalists.Insert(at, i);
                if (finalists.Count > FinalistCount)
                {
                    finalists.RemoveAt(FinalistCount);
                }
            }
        }

        return finalists;
    }

    /// <summary>The first of up to <see cref="DrawsPerTrial"/> random points that fits the seconds left; null when none does.</summary>
    private (AlsOptions Als, SignalOptions Signal)? Draw(AlsOptions start, IReadOnlyList<(string Name, SignalOptions Options)> signals, Random random, List<TuningTrial> trials, double secondsLeft)
    {
        for (int draw = 0; draw < DrawsPerTrial; draw++)
        {
            SignalOptions signal = SampleSignal(signals, random);
            if (IfItFits((Sample(start, random), signal), trials, secondsLeft) is { } point)
            {
                return point;
            }
        }

        return null;
    }

    /// <summary>
    /// The point when its trial, and its second fit should it become a finalist, fit the seconds left after the
    /// second fits of the current finalists; null otherwise.
    /// </summary>
    private static (AlsOptions Als, SignalOptions Signal)? IfItFits((AlsOptions Als, SignalOptions Signal) point, List<TuningTrial> trials, double secondsLeft) =>
        FinalistSeconds(trials) + (2 * TrialEstimate(point.Als, trials)) <= secondsLeft ? point : null;

    /// <summary>
    /// Seconds a trial of <paramref name="point"/> should take, from the trials so far: the slowest trial per
    /// iteration with the same factor count, or failing that with the nearest factor count, scaled by the factor ratio.
    /// A fit's cost grows between linearly and quadratically with the factors, so more factors scale by the square of
    /// the ratio and fewer by the ratio itself: the estimate errs long, which keeps the budget.
    /// </summary>
    internal static double TrialEstimate(AlsOptions point, IReadOnlyList<TuningTrial> trials)
    {
        int nearest = -1;
        foreach (TuningTrial trial in trials)
        {
            if (nearest < 0 || Math.Abs(Math.Log((double)trial.Factors / point.Factors)) < Math.Abs(Math.Log((double)nearest / point.Factors)))
            {
                nearest = trial.Factors;
            }
        }

        double perIteration = 0;
        foreach (TuningTrial trial in trials)
        {
            if (trial.Factors == nearest)
            {
                perIteration = Math.Max(perIteration, trial.Seconds / Math.Max(1, trial.Iterations));
            }
        }

        double ratio = nearest > 0 ? (double)point.Factors / nearest : 1;
        return perIteration * Math.Max(1, point.Iterations) * (ratio > 1 ? ratio * ratio : ratio);
    }

    private static double FinalistSeconds(List<TuningTrial> trials)
    {
        double seconds = 0;
        foreach (int i in Finalists(trials))
        {
            seconds += trials[i].Seconds;
        }

        return seconds;
    }

    /// <summary>A random learning signal: one of <paramref name="signals"/>, with or without a recency half-life.</summary>
    internal static SignalOptions SampleSignal(IReadOnlyList<(string Name, SignalOptions Options)> signals, Random random)
    {
        SignalOptions signal = signals[random.Next(signals.Count)].Options;
        float halfLife = _recencyHalfLives[random.Next(_recencyHalfLives.Length)];
        return signal with { RecencyHalfLife = halfLife > 0 ? halfLife : null };
    }

    /// <summary>A random point of the search space; the draws' order is fixed so a seed gives one sequence of points.</summary>
    internal AlsOptions Sample(AlsOptions start, Random random)
    {
        int factors = _factors[random.Next(_factors.Length)];
        int iterations = _iterations[random.Next(_iterations.Length)];
        float alpha = _alphas[random.Next(_alphas.Length)];
        float initScale = _initScales[random.Next(_initScales.Length)];
        bool scaled = fitter.SupportsScaledRegularization && random.Next(2) == 1;
        float unobserved = fitter.SupportsScaledRegularization ? _unobservedWeights[random.Next(_unobservedWeights.Length)] : 1f;
        float[] lambdas = scaled ? _scaledRegularizations : _regularizations;
        return start with
        {
            Factors = factors,
            Iterations = iterations,
            Regularization = lambdas[random.Next(lambdas.Length)],
            RegularizationExponent = scaled ? 1f : 0f,
            UnobservedWeight = unobserved,
            InitScale = initScale,
            Alpha = alpha,
            ComputeLoss = false,
        };
    }
}

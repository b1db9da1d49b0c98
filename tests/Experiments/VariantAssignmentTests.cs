using Recommender.Core.Experiments;

namespace Recommender.Tests.Experiments;

public class VariantAssignmentTests
{
    private static readonly ExperimentVariant[] _split =
    [
        new("control", "v1", 0.3),
        new("candidate", "v2", 0.5),
        new("third", "v3", 0.2),
    ];

    [Fact]
    public void Assign_SameExperimentAndUser_AlwaysGivesTheSameVariant()
    {
        var experiment = new Experiment("exp-1", DateTimeOffset.UnixEpoch, _split);
        var again = new Experiment("exp-1", DateTimeOffset.UtcNow, [.. _split]);

        for (int u = 0; u < 500; u++)
        {
            string user = "user-" + u;
            Assert.Equal(experiment.Assign(user), experiment.Assign(user));
            Assert.Equal(experiment.Assign(user), again.Assign(user));
        }
    }

    [Fact]
    public void Position_IsAFixedValueInTheUnitInterval()
    {
        double position = VariantAssignment.Position("exp-1", "42");

        Assert.InRange(position, 0, 1 - double.Epsilon);
        Assert.Equal(position, VariantAssignment.Position("exp-1", "42"));
        Assert.NotEqual(position, VariantAssignment.Position("exp-2", "42"));
    }

    // 20,000 users; a variant of share p gets a Binomial(20000, p) count, sd = sqrt(p(1-p)/20000) <= 0.0036 of the
    // users. A tolerance of 0.018 is five standard deviations: a fair hash fails it with probability below 1e-6.
    [Fact]
    public void Assign_SplitsTwentyThousandUsersInTheirSharesWithinFiveStandardDeviations()
    {
        const int users = 20_000;
        var experiment = new Experiment("exp-proportions", DateTimeOffset.UnixEpoch, _split);
        var counts = new Dictionary<string, int>();
        for (int u = 0; u < users; u++)
        {
            string name = experiment.Assign(u.ToString(System.Globalization.CultureInfo.InvariantCulture)).Name;
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }

        foreach (ExperimentVariant variant in _split)
        {
            double observed = counts.GetValueOrDefault(variant.Name) / (double)users;
            Assert.InRange(observed, variant.Share - 0.018, variant.Share + 0.018);
        }
    }

    [Fact]
    public void Assign_ANewExperimentId_ReshufflesUsers()
    {
        var first = new Experiment("exp-a", DateTimeOffset.UnixEpoch, [new("a", "v1", 0.5), new("b", "v2", 0.5)]);
        var second = first with { Id = "exp-b" };

        int moved = Enumerable.Range(0, 2000).Count(u => first.Assign("u" + u).Name != second.Assign("u" + u).Name);

        // Independent halves: about half the users change variant (1000 ± 5 sd of 22).
        Assert.InRange(moved, 890, 1110);
    }

    [Fact]
    public void Pick_PositionsInTheRoundingGapBelongToTheLastVariant()
    {
        ExperimentVariant[] shares = [new("a", "v1", 0.5), new("b", "v2", 0.4999999)];

        Assert.Equal(0, VariantAssignment.Pick(shares, 0.0));
        Assert.Equal(1, VariantAssignment.Pick(shares, 0.5));
        Assert.Equal(1, VariantAssignment.Pick(shares, 0.99999999));
    }
}

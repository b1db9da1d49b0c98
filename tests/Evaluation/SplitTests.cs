using Recommender.Core.Evaluation;
using Recommender.Tests.Data;

namespace Recommender.Tests.Evaluation;

public class SplitTests
{
    [Fact]
    public void LeaveLastOut_HoldsOutTheLatestPositive_TiesGoingToTheLaterRow()
    {
        var table = TestTables.MovieLens(
            "a,1,4.0,100",  // row 0
            "a,2,5.0,300",  // row 1
            "a,3,4.5,300",  // row 2: same time as row 1, later in the file -> held out
            "a,4,2.0,999",  // row 3: latest, but not positive
            "a,5,4.0,200"); // row 4

        var split = new LeaveLastOutSplit().Split(table);

        Assert.Equal([2], split.TestRows);
        Assert.Empty(split.ValidationRows);
        Assert.Equal([0, 1, 3, 4], split.TrainRows);
        Assert.Equal("leave-last-out", split.Protocol);
        Assert.Equal(4f, split.MinRating);
    }

    [Fact]
    public void LeaveLastOut_UsesTimeNotFileOrder()
    {
        var table = TestTables.MovieLens("a,1,5.0,500", "a,2,5.0,100", "a,3,5.0,300");

        var split = new LeaveLastOutSplit().Split(table);

        Assert.Equal([0], split.TestRows);
    }

    [Fact]
    public void LeaveLastOut_KeepsUsersWithFewerThanTwoPositivesInTrainOnly()
    {
        var table = TestTables.MovieLens(
            "a,1,5.0,1",  // row 0: a's only positive
            "a,2,3.0,2",  // row 1
            "b,1,1.0,3",  // row 2: b has no positives
            "c,1,4.0,4",  // row 3
            "c,2,4.0,5"); // row 4: c's latest positive

        var split = new LeaveLastOutSplit().Split(table);

        Assert.Equal([4], split.TestRows);
        Assert.Equal([0, 1, 2, 3], split.TrainRows);
    }

    [Fact]
    public void LeaveLastOut_WithValidation_HoldsOutTheSecondAndThirdLatest_LeavingOnePositiveInTrain()
    {
        var table = TestTables.MovieLens(
            "a,1,5.0,1", "a,2,5.0,2", "a,3,5.0,3",               // rows 0-2: 3 positives, one validation row
            "b,1,5.0,1", "b,2,5.0,2",                            // rows 3-4: 2 positives, none
            "c,1,5.0,1", "c,2,5.0,2", "c,3,5.0,3", "c,4,5.0,4"); // rows 5-8: 4 positives, two validation rows

        var split = new LeaveLastOutSplit(4f, holdOutValidation: true).Split(table);

        Assert.Equal([2, 4, 8], split.TestRows);
        Assert.Equal([1, 6, 7], split.ValidationRows);
        Assert.Equal([0, 3, 5], split.TrainRows);
    }

    [Fact]
    public void LeaveLastOut_HonoursTheMinRating()
    {
        var table = TestTables.MovieLens("a,1,3.0,1", "a,2,3.5,2", "a,3,2.0,3");

        Assert.Empty(new LeaveLastOutSplit().Split(table).TestRows);
        Assert.Equal([1], new LeaveLastOutSplit(3f).Split(table).TestRows);
    }

    [Fact]
    public void RatioSplit_SendsTheNewestPositivesToTestAndKeepsNonPositivesInTrain()
    {
        // User a: ten positives with times 10..1 in file order (row 0 is the newest), plus one negative row 10.
        var rows = Enumerable.Range(0, 10).Select(i => $"a,{i},5.0,{10 - i}").Append("a,99,1.0,1000").ToArray();
        var table = TestTables.MovieLens(rows);

        var split = new RatioSplit(0.8, 0.1, 0.1).Split(table);

        Assert.Equal([0], split.TestRows);
        Assert.Equal([1], split.ValidationRows);
        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9, 10], split.TrainRows);
        Assert.Equal("ratio 0.8/0.1/0.1", split.Protocol);
    }

    [Fact]
    public void RatioSplit_KeepsAtLeastOnePositiveInTrain()
    {
        var table = TestTables.MovieLens("a,1,5.0,1", "a,2,5.0,2", "b,1,5.0,1");

        var split = new RatioSplit(0.5, 0, 0.5).Split(table);

        // a: round(2 * 0.5) = 1 test; b: round(0.5) = 1 would leave no train positive, so none.
        Assert.Equal([1], split.TestRows);
        Assert.Equal([0, 2], split.TrainRows);
    }

    [Fact]
    public void RatioSplit_RejectsFractionsThatDoNotSumToOne()
    {
        Assert.Throws<ArgumentException>(() => new RatioSplit(0.8, 0.1, 0.2));
    }

    [Fact]
    public void Table_CountsPositivesAndFiltersRowsAndBuildsTheUserItemMatrix()
    {
        var table = TestTables.MovieLens("a,x,5.0,1", "b,y,3.0,1", "a,z,4.0,2", "c,y,4.5,1");

        Assert.Equal(3, table.CountValuesAtLeast(4f));
        Assert.Equal([3, 0], table.RowsWithValueAtLeast([3, 1, 0], 4f));
        var matrix = table.ToUserItemMatrix([0, 1, 2], 1f);
        Assert.Equal([0, 2], matrix.RowColumns(0).ToArray());
        Assert.Equal([1f, 1f], matrix.RowValues(0).ToArray());
        Assert.Equal([3f], table.ToUserItemMatrix([1]).RowValues(1).ToArray());
        Assert.Equal(3, matrix.Rows);
        Assert.Equal(3, matrix.Columns);
    }

    [Fact]
    public void HeldOutSet_FromTestRows_GroupsSortedItemsPerUser()
    {
        var table = TestTables.MovieLens("a,x,5.0,1", "b,y,5.0,1", "a,z,5.0,2", "c,y,5.0,1");

        var heldOut = HeldOutSet.FromRows(table, [2, 0, 1]);

        Assert.Equal([0, 1], heldOut.Users);
        Assert.Equal([0, 2], heldOut.ItemsOf(0).ToArray());
        Assert.Equal([1], heldOut.ItemsOf(1).ToArray());
        Assert.True(heldOut.ItemsOf(2).IsEmpty);
        Assert.Equal(3, heldOut.PairCount);
        Assert.Equal(3, heldOut.ItemCount);
    }
}

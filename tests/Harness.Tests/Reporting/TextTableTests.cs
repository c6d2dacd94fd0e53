using FluentAssertions;
using NUnit.Framework;
using Vnetconf.Reporting;

namespace Vnetconf.Harness.Tests.Reporting;

public sealed class TextTableTests
{
    [Test]
    public void Columns_are_padded_to_their_widest_cell()
    {
        var table = new TextTable("a", "bb");
        table.Add("ccc", "d");
        table.Render().Split(Environment.NewLine).Should().StartWith(["| a   | bb |", "| --- | -- |", "| ccc | d  |"]);
    }

    [Test]
    public void A_pipe_inside_a_cell_is_escaped_so_Markdown_keeps_it_one_cell()
    {
        var table = new TextTable("offload");
        table.Add("CSUM|TSO4");
        table.Render().Should().Contain(@"CSUM\|TSO4");
    }

    [Test]
    public void A_row_of_the_wrong_width_is_refused() =>
        FluentActions.Invoking(() => new TextTable("a", "b").Add("only one")).Should().Throw<ArgumentException>();
}

module dsweekends/course

go 1.26

module dsweekends/kit

go 1.26

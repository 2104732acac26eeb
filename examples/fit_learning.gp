# ce figure: learning curve
set terminal pngcairo size 640,480 enhanced font 'sans,10'
set output "fit_learning.png"
set title "learning curve"
set xlabel "training structures"
set ylabel "RMSE (eV/prim)"
set grid
set key outside right top
$S0 << EOD
30.0 0.3718180469608941
60.0 0.3781857411734485
120.0 0.3879014973347688
200.0 0.38619730552111275
273.0 0.38476042698179275
EOD
$S1 << EOD
30.0 0.5028855925574023 0.01947491279311403
60.0 0.4424160483736121 0.013175428353747177
120.0 0.45262475674130664 0.012125841450108619
200.0 0.4252896143308427 0.013170833253743748
273.0 0.41734846361490263 0.013497255610279582
EOD
plot $S0 using 1:2 with linespoints title "train", \
     $S1 using 1:2:3 with yerrorlines title "test"
